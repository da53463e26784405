"""Issuing certificates in batches: for a programme's completion list or an event's attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.http import AuthenticatedRequest
from metodset.events import selectors as event_selectors
from metodset.events.models import Registration
from metodset.programs import permissions as program_permissions
from metodset.programs.services import completion as completion_service

from .. import permissions, selectors, services
from ..forms import IssueForm
from ..models import CertificateBatch, Kind


@login_required
def for_program(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The completion list with a tick per eligible intern, and the batches issued so far."""
    program = program_permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    issuer = services.issuer_for(organization=program.organizer)
    rows = completion_service.completion(program=program)
    eligible = [row for row in rows if row.eligible]
    people = [(row.user.pk, row.user.get_full_name()) for row in eligible]
    return _issue_page(
        request,
        issuer=issuer,
        people=people,
        rows=[
            {"name": row.user.get_full_name(), "pk": row.user.pk, "missing": row.missing}
            for row in rows
        ],
        hours=program.hours,
        create=lambda template, **kwargs: services.batch_create(
            template=template, program=program, **kwargs
        ),
        held=selectors.held_kinds(program=program),
        context={
            "program": program,
            "title": program.title,
            "not_yet": completion_service.completion_not_yet(
                program=program, time_zone=request.user.time_zone
            ),
        },
        batches=selectors.batches_of(program_id=program.pk),
    )


@login_required
def for_event(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    """The event's attendees (marked present), to issue certificates of participation."""
    event = event_selectors.event_for_manager(viewer=request.user, event_id=event_id)
    issuer = services.issuer_for(organization=event.organizer)
    attended = (
        Registration.objects.filter(event=event, attended_at__isnull=False)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__middle_name")
    )
    people = [(r.user.pk, r.user.get_full_name()) for r in attended]
    return _issue_page(
        request,
        issuer=issuer,
        people=people,
        rows=[{"name": name, "pk": pk, "missing": []} for pk, name in people],
        hours=event.hours,
        create=lambda template, **kwargs: services.batch_create(
            template=template, event=event, **kwargs
        ),
        held=selectors.held_kinds(event=event),
        context={"event": event, "title": event.title},
        batches=selectors.batches_of(event_id=event.pk),
    )


def _issue_page(request, *, issuer, people, rows, hours, create, held, context, batches):
    form = IssueForm(
        request.POST or None,
        issuer=issuer,
        people=people,
        initial={"hours": _plain_hours(hours), "recipients": [pk for pk, _name in people]},
    )
    if request.method == "POST" and form.is_valid():
        batch = _batch_create(request, form, create)
        if batch is not None:
            messages.success(request, _("The certificates are being issued."))
            return redirect("certificates:batch", batch_id=batch.pk)
    for row in rows:
        row["holds"] = sorted(str(Kind(kind).label) for kind in held.get(row["pk"], ()))
    return render(
        request,
        "certificates/issue.html",
        {
            **context,
            "form": form,
            "issuer": issuer,
            "rows": rows,
            "eligible_ids": {pk for pk, _name in people},
            "chosen": {int(v) for v in form["recipients"].value() or [] if str(v).isdigit()},
            "sample_number": services.format_number(
                issuer.number_pattern, year=timezone.localdate().year, sequence=123
            ),
            "batches": batches,
            "can_manage_issuer": permissions.can_manage_issuer(request.user, issuer.organization),
        },
    )


def _batch_create(request, form, create):
    """The batch the valid form asks for, or None with the refusal on the form."""
    data = form.cleaned_data
    try:
        return create(
            data["template"],
            recipients=data["recipients"],
            by=request.user,
            hours=data["hours"],
            issued_on=data["issued_on"],
            send_email=data["send_email"],
        )
    except services.IssueRefused as exc:
        form.add_error(None, str(exc))
        return None


def _plain_hours(hours):
    """72 rather than 72.0 in the form; 1.5 stays 1.5."""
    return int(hours) if hours == int(hours) else hours


@login_required
def batch(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = permissions.batch_for_issuer(viewer=request.user, pk=batch_id)
    return render(
        request,
        "certificates/batch.html",
        {
            "batch": batch,
            "certificates": batch.certificates.order_by("sequence")
            if batch.status == CertificateBatch.Status.DONE
            else None,
        },
    )


@login_required
def batch_progress(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx until the batch is done."""
    if not request.htmx:
        raise PermissionDenied
    batch = permissions.batch_for_issuer(viewer=request.user, pk=batch_id)
    response = render(request, "certificates/_progress.html", {"batch": batch})
    if batch.status in (CertificateBatch.Status.DONE, CertificateBatch.Status.FAILED):
        # The whole page once more, to show the list of issued certificates.
        response["HX-Refresh"] = "true"
    return response
