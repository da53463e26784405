"""Reads of certificates: the registry with its filters, a person's own certificates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from metodset.accounts.models import Organization, User
from metodset.core.queries import contains_text
from metodset.events.models import Event
from metodset.programs.models import Program

from . import permissions
from .models import Certificate, CertificateBatch, Issuer


@dataclass
class RegistryFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    year: int | None = None
    issuer_id: int | None = None
    program_id: int | None = None
    event_id: int | None = None


def registry(*, viewer: User, filters: RegistryFilters) -> QuerySet[Certificate]:
    certificates = permissions.administered(viewer)
    if filters.status:
        certificates = certificates.filter(status=filters.status)
    if filters.kind:
        certificates = certificates.filter(kind=filters.kind)
    if filters.year:
        certificates = certificates.filter(year=filters.year)
    if filters.issuer_id:
        certificates = certificates.filter(issuer_id=filters.issuer_id)
    if filters.program_id:
        certificates = certificates.filter(program_id=filters.program_id)
    if filters.event_id:
        certificates = certificates.filter(event_id=filters.event_id)
    if filters.q:
        words = filters.q.split()
        for word in words:
            certificates = certificates.filter(
                contains_text(word, ("last_name", "first_name", "middle_name", "title", "number"))
            )
    return certificates.select_related("issuer").order_by("-issued_on", "-year", "-sequence")


def my_certificates(*, user: User) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(user=user)
        .select_related("issuer", "replaced_by")
        .order_by("-issued_on", "-pk")
    )


def held_kinds(
    *, program: Program | None = None, event: Event | None = None
) -> dict[int, set[str]]:
    """Who already holds which kinds of document for the programme or event (one query)."""
    certificates = Certificate.objects.exclude(status=Certificate.Status.REPLACED).exclude(
        user=None
    )
    certificates = (
        certificates.filter(program=program)
        if program is not None
        else certificates.filter(event=event)
    )
    held: dict[int, set[str]] = {}
    for user_id, kind in certificates.values_list("user_id", "kind"):
        held.setdefault(user_id, set()).add(kind)
    return held


def batches_of(
    *, program_id: int | None = None, event_id: int | None = None
) -> QuerySet[CertificateBatch]:
    batches = CertificateBatch.objects.select_related("template", "created_by")
    if program_id:
        return batches.filter(program_id=program_id)
    assert event_id is not None, "the batches of a programme or of an event"
    return batches.filter(event_id=event_id)


def certificate_for_verification(*, code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(code=code)
        .select_related("replaced_by", "issuer")
        .only(
            "number",
            "kind",
            "status",
            "last_name",
            "first_name",
            "middle_name",
            "title",
            "hours",
            "starts_on",
            "ends_on",
            "issued_on",
            "issuer_name",
            "revoked_at",
            "revoke_reason",
            "replaced_by__number",
            "replaced_by__code",
            "issuer__id",
        )
        .first()
    )


def issuer_of(*, organization: Organization) -> Issuer | None:
    """The organisation's issuer details, if it has ever issued or edited them."""
    return Issuer.objects.filter(organization=organization).first()
