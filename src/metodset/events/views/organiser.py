"""What an organiser does: create and edit events, cancel, mark attendance, add materials."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.spreadsheets import xlsx_response

from .. import exports, permissions, selectors, services
from ..forms import CancelEventForm, EventForm, MaterialForm


@login_required
def managed(request: AuthenticatedRequest) -> HttpResponse:
    """«Провожу»: the events the person runs."""
    if not permissions.can_create_events(request.user):
        raise PermissionDenied
    past = request.GET.get("past") == "1"
    events = selectors.managed(user=request.user, past=past)
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/managed.html",
        {
            "page": page,
            "past": past,
            "query": "past=1" if past else "",
            "now": timezone.now(),
            "can_create": True,
            "tab": "managed",
        },
    )


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_events(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = form.event_fields()
        try:
            if data.get("repeat"):
                local_start = data["start_time"]
                fields.pop("starts_at")
                fields.pop("time_zone")
                _series, events = services.series_create(
                    by=request.user,
                    organizer=data["organizer"],
                    network=data["network"],
                    start_time=local_start,
                    time_zone=data["time_zone"],
                    first_date=data["date"],
                    last_date=data["repeat_until"],
                    interval_weeks=data.get("repeat_interval") or 1,
                    exceptions=data["repeat_except"],
                    **fields,
                )
                created = ngettext(
                    "A series of %(n)s meeting is created.",
                    "A series of %(n)s meetings is created.",
                    len(events),
                )
                messages.success(request, created % {"n": len(events)})
                return redirect("events:detail", event_id=events[0].pk)
            event = services.event_create(
                by=request.user, organizer=data["organizer"], network=data["network"], **fields
            )
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The event is created."))
            return redirect("events:detail", event_id=event.pk)
    return render(request, "events/form.html", {"form": form, "event": None})


@login_required
def edit(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    form = EventForm(request.POST or None, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        if event.status == event.Status.CANCELLED:
            fields.pop("status")
        services.event_update(
            event=event,
            by=request.user,
            organizer=form.cleaned_data["organizer"],
            network=form.cleaned_data["network"],
            **fields,
        )
        messages.success(request, _("The event is saved."))
        return redirect("events:detail", event_id=event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
def cancel(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = services.event_cancel(
            event=event, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            ngettext(
                "The event is cancelled; %(n)s participant is notified by e-mail.",
                "The event is cancelled; %(n)s participants are notified by e-mail.",
                told,
            )
            % {"n": told},
        )
        return redirect("events:detail", event_id=event.pk)
    return render(request, "events/cancel.html", {"event": event, "form": form})


@login_required
def attendance(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    registrations = selectors.attendance(event=event)
    page = Paginator(registrations, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "page": page,
            "attended": registrations.filter(attended_at__isnull=False).count(),
            "check_in_open": event.check_in_is_open(),
            "not_yet": services.attendance_not_yet(event=event, time_zone=request.user.time_zone),
        },
    )


@login_required
@require_POST
def attendance_mark(
    request: AuthenticatedRequest, event_id: int, registration_id: int
) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    registration = permissions.registration_of(event=event, pk=registration_id)
    try:
        services.attendance_mark(
            registration=registration,
            attended=request.POST.get("attended") == "1",
            by=request.user,
        )
    except services.EventError as error:
        if request.htmx:
            return HttpResponse(str(error), status=400)
        messages.error(request, str(error))
        return redirect("events:attendance", event_id=event.pk)
    if request.htmx:
        row = selectors.attendance(event=event).get(pk=registration.pk)
        not_yet = services.attendance_not_yet(event=event, time_zone=request.user.time_zone)
        return render(
            request, "events/_attendance_row.html", {"r": row, "event": event, "not_yet": not_yet}
        )
    return redirect("events:attendance", event_id=event.pk)


@login_required
def attendance_xlsx(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    book = exports.attendance_workbook(event=event, registrations=selectors.attendance(event=event))
    return xlsx_response(book, f"attendance-{event.pk}.xlsx")


@login_required
def check_in_screen(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    """The code, large, for the organiser to show on a screen or projector."""
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    if request.method == "POST":
        services.check_in_code_reset(event=event)
        return redirect("events:check_in_screen", event_id=event.pk)
    return render(
        request,
        "events/check_in_screen.html",
        {"event": event, "check_in_url": request.build_absolute_uri(f"/events/{event.pk}/")},
    )


@login_required
def material_add(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.material_add(
            event=event,
            by=request.user,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("The material is added."))
        return redirect("events:detail", event_id=event.pk)
    return render(request, "events/material_form.html", {"event": event, "form": form})


@login_required
@require_POST
def material_delete(request: AuthenticatedRequest, event_id: int, material_id: int) -> HttpResponse:
    event = selectors.event_for_manager(viewer=request.user, event_id=event_id)
    material = permissions.material_of(event=event, pk=material_id)
    services.material_delete(material=material)
    messages.info(request, _("The material is removed."))
    return redirect("events:detail", event_id=event.pk)
