"""What certificates add to «Моя неделя»: batches being issued with their progress, and, in
the network overview, how many certificates the network's organisations issued this year."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from metodset.accounts import permissions
from metodset.accounts.http import AuthenticatedRequest
from metodset.events.permissions import managed_events
from metodset.programs.permissions import coordinated_programs

from .models import Certificate, CertificateBatch

FAILED_SHOWN_FOR = timedelta(days=7)  # a failed batch stays on the week until dealt with


def batches_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """Batches the person may follow that are queued, issuing or failed lately (one query)."""
    user = request.user
    if not permissions.is_active_user(user):
        return None
    batches = CertificateBatch.objects.filter(
        Q(status__in=[CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING])
        | Q(
            status=CertificateBatch.Status.FAILED,
            created_at__gte=timezone.now() - FAILED_SHOWN_FOR,
        )
    )
    if not user.is_superuser:
        batches = batches.filter(
            Q(issuer__organization__in=permissions.manageable_organizations(user).values("pk"))
            | Q(program__in=coordinated_programs(user).values("pk"))
            | Q(event__in=managed_events(user).values("pk"))
        )
    shown = list(
        batches.only(
            "pk", "title", "status", "issued", "skipped", "recipient_ids", "error", "created_at"
        ).order_by("created_at", "pk")[:10]
    )
    if not shown:
        return None
    return {"batches": shown}


def network_certificates(
    request: AuthenticatedRequest, network_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """Valid certificates issued this year by each network's partner organisations."""
    year = timezone.localdate().year
    counts = (
        Certificate.objects.filter(
            year=year,
            status=Certificate.Status.VALID,
            issuer__organization__partnerships__network_id__in=network_ids,
        )
        .values("issuer__organization__partnerships__network_id")
        .annotate(n=Count("pk"))
        .values_list("issuer__organization__partnerships__network_id", "n")
    )
    issued = dict(counts)
    return {pk: {"issued": issued.get(pk, 0), "year": year} for pk in network_ids}
