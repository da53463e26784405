"""A person's routes in their data export, and what is erased when they are deleted (152-ФЗ).

On deletion the person's routes go with their steps, and the evidence files leave the storage:
an individual route is worth nothing once its teacher is gone, and no statistics read routes.
Their own hours credits go too. The credits of colleagues who attended a lesson the person
gave (horizontal learning) stay: those hours are the colleagues', the credit only loses the
link to the step it came from.
"""

from __future__ import annotations

import posixpath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from metodset.accounts.models import User
from metodset.accounts.services import DELETED_NAME, iso
from metodset.events.services import event_describe

from .models import Activity, HoursCredit, Route, Step
from .services import lesson_description


def _hours(value: Any) -> str:
    return f"{value.normalize():f}"


def _step(step: Step) -> dict[str, Any]:
    return {
        "title": step.title,
        "activity": step.activity.title if step.activity else None,
        "form": step.form,
        "competency": f"{step.competency.code} {step.competency.title}"
        if step.competency
        else None,
        "task": step.task,
        "starts_on": iso(step.starts_on),
        "ends_on": iso(step.ends_on),
        "hours": _hours(step.hours),
        "expected_result": step.expected_result,
        "presentation_form": step.presentation_form,
        "reason": step.reason,
        "mandatory": step.mandatory,
        "status": step.status,
        "done_at": iso(step.done_at),
        "evidence_file": posixpath.basename(step.evidence_file.name or "")
        if step.evidence_file
        else None,
        "evidence_url": step.evidence_url,
        "evidence_text": step.evidence_text,
        "reflection": step.reflection,
        "teaching_event": step.teaching_event.title if step.teaching_event else None,
    }


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """The person's routes with their steps and evidence (file names only), the hours credited
    to them, and the catalogue items that name them as the colleague to learn from."""
    routes = (
        Route.objects.filter(user=person)
        .select_related("organization", "reviewed_by")
        .prefetch_related("deficits")
        .order_by("year", "pk")
    )
    steps: dict[int, list[Step]] = {}
    for step in (
        Step.objects.filter(route__user=person)
        .select_related("activity", "competency", "teaching_event")
        .order_by("order", "pk")
    ):
        steps.setdefault(step.route_id, []).append(step)
    credits = (
        HoursCredit.objects.filter(user=person).select_related("event").order_by("created_at", "pk")
    )
    as_colleague = Activity.objects.filter(colleague=person).order_by("title", "pk")
    data = {
        "routes": [
            {
                "school_year": route.year_label,
                "organization": route.organization.name,
                "status": route.status,
                "goal": route.goal,
                "deficits": [f"{c.code} {c.title}" for c in route.deficits.all()],
                "hours_budget": _hours(route.hours_budget),
                "drafted_at": iso(route.drafted_at),
                "submitted_at": iso(route.submitted_at),
                "reviewed_by": route.reviewed_by.get_full_name() if route.reviewed_by else None,
                "reviewed_at": iso(route.reviewed_at),
                "review_comment": route.review_comment,
                "created_at": iso(route.created_at),
                "updated_at": iso(route.updated_at),
                "steps": [_step(step) for step in steps.get(route.pk, [])],
            }
            for route in routes
        ],
        "hours_credits": [
            {
                "role": credit.role,
                "event": credit.event.title,
                "school_year": credit.year,
                "hours": _hours(credit.hours),
                "credited_at": iso(credit.created_at),
            }
            for credit in credits
        ],
        "catalogue_items_naming_them": [activity.title for activity in as_colleague],
    }
    return ("routes", data)


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Delete the person's routes, steps, own hours credits and evidence files."""
    files = list(
        Step.objects.filter(route__user_id=person_id)
        .exclude(evidence_file="")
        .values_list("evidence_file", flat=True)
    )
    HoursCredit.objects.filter(user_id=person_id).delete()
    # The lessons the person gave colleagues stay (their attendance and hours), without the
    # name that their description was written with.
    lessons = Step.objects.filter(route__user_id=person_id, teaching_event__isnull=False)
    with translation.override(settings.LANGUAGE_CODE):
        for step_title, event_id in lessons.values_list("title", "teaching_event_id"):
            event_describe(
                event_id=event_id,
                description=lesson_description(name=DELETED_NAME, course=step_title),
            )
    Route.objects.filter(user_id=person_id).delete()  # the steps go with them
    storage = Step._meta.get_field("evidence_file").storage

    def remove_files() -> None:
        for name in files:
            storage.delete(name)

    # Only once the rows are surely gone: a deletion rolled back keeps its files.
    transaction.on_commit(remove_files)
