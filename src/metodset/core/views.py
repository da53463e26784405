"""Health check and the outbox of sent e-mails."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from .models import OutgoingEmail
from .permissions import can_view_outbox, email_for_superuser
from .selectors import task_queue_state


def _health_details_allowed(request: HttpRequest) -> bool:
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
def healthz(request: HttpRequest) -> JsonResponse:
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


def _outbox_allowed(request: HttpRequest) -> None:
    if not can_view_outbox(request.user):
        raise PermissionDenied


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    _outbox_allowed(request)
    emails = OutgoingEmail.objects.only("pk", "created_at", "to", "subject", "status", "sent_at")
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(request, "core/outbox.html", {"page": page})


@login_required
def outbox_detail(request: HttpRequest, email_id: int) -> HttpResponse:
    email = email_for_superuser(viewer=request.user, pk=email_id)
    return render(request, "core/outbox_detail.html", {"email": email})
