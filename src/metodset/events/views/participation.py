"""What a participant does: register, give the place up, join the meeting, check in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.redirects import safe_next

from .. import meetings, permissions, selectors, services
from ..forms import CheckInForm
from ..models import Registration
from .catalogue import detail_context


@login_required
@require_POST
def register(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, event_id=event_id)
    try:
        registration = services.registration_create(event=event, user=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        if registration.status == Registration.Status.WAITLISTED:
            messages.warning(
                request,
                _("All places are taken. You are on the waiting list, number %(n)s.")
                % {"n": services.waitlist_position(registration)},
            )
        else:
            messages.success(
                request, _("You are registered. A letter with the details is on its way.")
            )
    return redirect("events:detail", event_id=event.pk)


@login_required
@require_POST
def register_series(request: AuthenticatedRequest, series_id: int) -> HttpResponse:
    series = permissions.series_for_participant(viewer=request.user, pk=series_id)
    first = series.events.first()
    if first is None or not permissions.can_register(request.user, first):
        return redirect("events:catalogue")
    registrations = services.series_register_all(series=series, user=request.user)
    messages.success(
        request,
        ngettext(
            "You are registered for %(n)s meeting of the series.",
            "You are registered for %(n)s meetings of the series.",
            len(registrations),
        )
        % {"n": len(registrations)},
    )
    return redirect("events:detail", event_id=first.pk)


@login_required
@require_POST
def unregister(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, event_id=event_id)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        services.registration_cancel(registration=registration)
        messages.info(request, _("Your registration is cancelled."))
    return redirect(safe_next(request, reverse("events:detail", args=[event.pk])))


@login_required
def join(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    """ "Войти": to the meeting for registered people during the join window, else back."""
    event = selectors.event_for_viewer(viewer=request.user, event_id=event_id)
    registration = selectors.registration_of(event=event, user=request.user)
    if not permissions.can_join_meeting(request.user, event, registration):
        messages.error(request, _("The meeting is open to registered participants only."))
        return redirect("events:detail", event_id=event.pk)
    manages = permissions.can_manage_event(request.user, event)
    if not event.join_is_open() and not manages:
        messages.info(
            request, _("The meeting opens a quarter of an hour before the start. Come back then.")
        )
        return redirect("events:detail", event_id=event.pk)
    try:
        url = meetings.join_url(event, request.user, moderator=manages)
    except meetings.MeetingError as error:
        messages.error(request, str(error))
        return redirect("events:detail", event_id=event.pk)
    return redirect(url)


@login_required
@require_POST
def check_in(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_for_viewer(viewer=request.user, event_id=event_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_check_in(
                event=event, user=request.user, code=form.cleaned_data["code"]
            )
        except services.EventError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, _("You are marked present. Thank you!"))
            return redirect("events:detail", event_id=event.pk)
    context = detail_context(request, event, check_in_form=form)
    return render(request, "events/detail.html", context, status=400)


@login_required
def my_events(request: AuthenticatedRequest) -> HttpResponse:
    past = request.GET.get("past") == "1"
    registrations = selectors.my_registrations(user=request.user, past=past)
    page = Paginator(registrations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    feed_url = request.build_absolute_uri(
        reverse("events:feed", args=[services.calendar_token_for(user=request.user)])
    )
    return render(
        request,
        "events/my_events.html",
        {
            "page": page,
            "past": past,
            "query": "past=1" if past else "",
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "now": timezone.now(),
            "can_create": permissions.can_create_events(request.user),
            "tab": "mine",
        },
    )


@login_required
@require_POST
def feed_reset(request: AuthenticatedRequest) -> HttpResponse:
    services.calendar_token_reset(user=request.user)
    messages.success(
        request,
        _("The calendar address is new. Subscribe again with it; the old one no longer works."),
    )
    return redirect("events:mine")
