"""Home page «Моя неделя», health check and the demo outbox."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from metodset.accounts import permissions, selectors
from metodset.accounts.models import Network, Organization

from . import week
from .models import OutgoingEmail
from .selectors import task_queue_state


@login_required
def home(request):
    """«Моя неделя»: the person's roles, what they run, and the sections other apps add."""
    user = request.user
    networks = Network.objects.filter(pk__in=permissions.staff_network_ids(user))
    organizations = Organization.objects.filter(pk__in=permissions.staff_organization_ids(user))
    my_networks = list(selectors.networks_with_counts(networks=networks))
    # The network overview: what each app registered about these networks, aggregates only.
    overview = week.network_sections_for(request, [n.pk for n in my_networks])
    for network in my_networks:
        network.overview = overview[network.pk]
    return render(
        request,
        "core/home.html",
        {
            "memberships": selectors.person_memberships(person=user),
            "my_networks": my_networks,
            "my_organizations": selectors.organizations_with_counts(organizations=organizations),
            "week_sections": week.sections_for(request),
            "today": timezone.localdate(),
        },
    )


def _health_details_allowed(request) -> bool:
    """Staff signed in, or monitoring with ``Authorization: Bearer <HEALTHZ_TOKEN>``.

    The token is taken from the header only: a token in the query string would end up in the
    access logs of every proxy in front of us.
    """
    user = request.user
    if user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser):
        return True
    token = settings.HEALTHZ_TOKEN
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and constant_time_compare(given, token)


@never_cache
def healthz(request):
    """Database and task-queue state for load balancers and monitoring.

    Everyone gets {"status": "ok"} (200) or {"status": "fail"} (503); the database vendor,
    the error and the queue's counts go only to staff and to the holder of ``HEALTHZ_TOKEN``.
    """
    details: dict[str, object] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        details["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - report, never raise
        ok = False
        details["database"] = {"ok": False, "error": str(exc)}
    queue = task_queue_state()
    ok = ok and bool(queue["ok"])
    details["tasks"] = queue
    result: dict[str, object] = {"status": "ok" if ok else "fail"}
    if _health_details_allowed(request):
        result.update(details)
    return JsonResponse(result, status=200 if ok else 503)


def _outbox_allowed(request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not permissions.can_view_outbox(request.user):
        raise PermissionDenied


@login_required
def outbox(request):
    _outbox_allowed(request)
    emails = OutgoingEmail.objects.only("pk", "created_at", "to", "subject", "status", "sent_at")
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(request, "core/outbox.html", {"page": page})


@login_required
def outbox_detail(request, email_id: int):
    _outbox_allowed(request)
    email = get_object_or_404(OutgoingEmail, pk=email_id)
    return render(request, "core/outbox_detail.html", {"email": email})
