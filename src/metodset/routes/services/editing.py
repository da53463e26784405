"""Editing a route's steps, approving it, and following its steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change, diff_fields
from metodset.accounts.models import User
from metodset.accounts.services import Action
from metodset.core.uploads import material_check
from metodset.diagnostics.models import Competency

from .. import selectors
from ..models import Activity, Route, Step
from .common import RouteError, route_audit

# --- editing ----------------------------------------------------------------------------------


def _editable(route: Route) -> None:
    if not route.editable:
        raise RouteError(_("The route is fixed now: it has been submitted or approved."))


@transaction.atomic
def route_update(
    *,
    route: Route,
    goal: str,
    hours_budget: Decimal | None = None,
    by: User | None,
) -> Route:
    if route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    fields: dict[str, Any] = {"goal": goal}
    if hours_budget is not None:
        fields["hours_budget"] = hours_budget
    changes = diff_fields(route, fields)
    for name, value in fields.items():
        setattr(route, name, value)
    route.save(update_fields=["goal", "hours_budget", "updated_at"])
    if changes:
        route_audit(route=route, by=by, action=Action.UPDATED, changes=changes)
    return route


def _fill_from(step: Step, activity: Activity) -> None:
    step.activity = activity
    step.title = activity.title
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        step.form = str(activity.form_label)
    step.hours = activity.hours
    step.expected_result = activity.expected_result
    step.presentation_form = activity.presentation_form
    starts_on, ends_on = selectors.activity_dates(activity)
    if starts_on or ends_on:
        step.starts_on, step.ends_on = starts_on or ends_on, ends_on or starts_on


@transaction.atomic
def step_swap(*, step: Step, activity: Activity, by: User | None) -> Step:
    """Put another activity in the step; the competency, task and (free) dates stay."""
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    if step.mandatory:
        raise RouteError(_("This step is required by the programme and cannot be swapped."))
    old_title = step.title
    _fill_from(step, activity)
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        step.reason = _("Chosen by hand instead of the drafted activity.")
    step.save()
    audit_record(
        actor=by, action=Action.UPDATED, target=step, changes={"title": [old_title, step.title]}
    )
    return step


@transaction.atomic
def step_add(
    *,
    route: Route,
    activity: Activity | None = None,
    title: str = "",
    competency: Competency | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    hours: Decimal | None = None,
    task: str = "",
    expected_result: str = "",
    presentation_form: str = "",
    by: User | None,
) -> Step:
    """A new step: an activity of the catalogue or free text (e.g. «Выступление на педсовете»)."""
    if route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    if activity is None and not title.strip():
        raise RouteError(_("Choose an activity or describe the step."))
    last = route.steps.aggregate(m=Max("order"))["m"] or 0
    step = Step(route=route, order=last + 1, competency=competency, task=task)
    if activity is not None:
        _fill_from(step, activity)
        if competency is None:
            step.competency = activity.competencies.first()
    else:
        step.title = title.strip()
    if starts_on or ends_on:
        step.starts_on, step.ends_on = starts_on or ends_on, ends_on or starts_on
    if hours is not None:
        step.hours = hours
    step.expected_result = expected_result or step.expected_result
    step.presentation_form = presentation_form or step.presentation_form
    if step.starts_on and step.ends_on and step.ends_on < step.starts_on:
        raise RouteError(_("The end date is before the start date."))
    step.save()
    audit_record(
        actor=by,
        action=Action.CREATED,
        target=step,
        changes={"hours": [None, str(step.hours)]},
    )
    return step


@transaction.atomic
def step_update(*, step: Step, by: User | None, **fields: Any) -> Step:
    """Change what the teacher typed: task, dates, hours, planned result, form of presenting."""
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    allowed = {
        "title", "task", "starts_on", "ends_on", "hours", "expected_result",
        "presentation_form", "competency", "form",
    }  # fmt: skip
    if unknown := set(fields) - allowed:
        raise ValueError(", ".join(sorted(unknown)))
    changes = diff_fields(step, fields)
    for name, value in fields.items():
        setattr(step, name, value)
    if step.starts_on and step.ends_on and step.ends_on < step.starts_on:
        raise RouteError(_("The end date is before the start date."))
    step.save()
    if changes:
        audit_record(actor=by, action=Action.UPDATED, target=step, changes=changes)
    return step


@transaction.atomic
def step_remove(*, step: Step, by: User | None) -> None:
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    if step.mandatory:
        raise RouteError(_("This step is required by the programme and cannot be removed."))
    audit_record(
        actor=by, action=Action.REMOVED, target=step, changes={"hours": [str(step.hours), None]}
    )
    step.delete()


# --- approval ----------------------------------------------------------------------------------


@transaction.atomic
def route_submit(*, route: Route, by: User | None = None) -> Route:
    _editable(route)
    if not route.steps.exists():
        raise RouteError(_("Add at least one step before submitting the route."))
    old = route.status
    route.status = Route.Status.SUBMITTED
    route.submitted_at = timezone.now()
    route.save(update_fields=["status", "submitted_at", "updated_at"])
    route_audit(
        route=route,
        by=by,
        action=Action.SUBMITTED,
        changes={"status": choice_change(Route.Status, old, route.status)},
    )
    return route


@transaction.atomic
def route_approve(*, route: Route, by: User, comment: str = "") -> Route:
    if route.status != Route.Status.SUBMITTED:
        raise RouteError(_("Only a submitted route can be approved."))
    route.status = Route.Status.APPROVED
    route.reviewed_by = by
    route.reviewed_at = timezone.now()
    route.review_comment = comment
    route.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
    )
    route_audit(
        route=route,
        by=by,
        action=Action.APPROVED,
        changes={"status": choice_change(Route.Status, Route.Status.SUBMITTED, route.status)},
    )
    return route


@transaction.atomic
def route_return(*, route: Route, by: User, comment: str) -> Route:
    """Back to the teacher with what to change; the comment is required."""
    if route.status != Route.Status.SUBMITTED:
        raise RouteError(_("Only a submitted route can be returned."))
    if not comment.strip():
        raise RouteError(_("Say what to change: the comment is required."))
    route.status = Route.Status.RETURNED
    route.reviewed_by = by
    route.reviewed_at = timezone.now()
    route.review_comment = comment.strip()
    route.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
    )
    route_audit(
        route=route,
        by=by,
        action=Action.RETURNED,
        changes={"status": choice_change(Route.Status, Route.Status.SUBMITTED, route.status)},
    )
    return route


# --- following the steps ----------------------------------------------------------------------


def _followable(step: Step) -> None:
    if step.route.status != Route.Status.APPROVED:
        raise RouteError(_("Steps are marked once the route is approved."))


@transaction.atomic
def step_mark_done(
    *,
    step: Step,
    by: User | None = None,
    evidence_file: UploadedFile[bytes] | None = None,
    evidence_url: str = "",
    evidence_text: str = "",
    reflection: str = "",
) -> Step:
    """Done, with evidence (a file, a link or the product's text) and a short reflection."""
    _followable(step)
    if evidence_file is not None:
        material_check(evidence_file)  # ValidationError with a message for the field
        step.evidence_file = evidence_file
    if evidence_url:
        step.evidence_url = evidence_url
    if evidence_text:
        step.evidence_text = evidence_text
    if not step.has_evidence:
        raise ValidationError(
            _("Attach a file, give a link or describe the product: evidence is needed."),
            code="evidence",
        )
    step.reflection = reflection
    old = step.status
    step.status = Step.Status.DONE
    step.done_at = timezone.now()
    step.save()
    _step_audit(step, by=by, old=old)
    return step


@transaction.atomic
def step_set_status(*, step: Step, status: str, by: User | None = None) -> Step:
    """In progress, skipped or back to planned (done goes through ``step_mark_done``)."""
    _followable(step)
    if status not in (
        Step.Status.PLANNED,
        Step.Status.IN_PROGRESS,
        Step.Status.SKIPPED,
    ):
        raise ValueError(status)
    old = step.status
    step.status = status
    step.done_at = None
    step.save(update_fields=["status", "done_at"])
    _step_audit(step, by=by, old=old)
    return step


def _step_audit(step: Step, *, by: User | None, old: str) -> None:
    audit_record(
        actor=by,
        action=Action.STATUS_CHANGED,
        target=step,
        changes={"status": choice_change(Step.Status, old, step.status)},
    )
