"""Writes of routes: drafting from diagnostics, editing, approval, following the steps, the
organisation's catalogue and document layout, and horizontal learning.

The demo loader and the pages call the same functions: ``route_draft_for``, ``route_submit``,
``route_approve``, ``route_return``, ``step_mark_done``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import Membership, Organization, User
from metodset.core.uploads import material_check
from metodset.diagnostics.models import Competency
from metodset.diagnostics.selectors import CompetencyLevel, deficits_of
from metodset.events import services as event_services
from metodset.events.models import Event, Registration
from metodset.library.models import Collection, Material
from metodset.programs.models import ModuleChoice, Program, ProgramMember, Stage

from . import document, drafting, selectors
from .models import Activity, HoursCredit, Layout, Route, Step, school_year_bounds

DEFAULT_HOURS_BUDGET = Decimal(72)  # a year's professional development of a teacher


class RouteError(Exception):
    """A refusal the person should read (in Russian)."""


def default_year(today: dt.date | None = None) -> int:
    """The school year routes are planned for: from June on, the coming one."""
    today = today or timezone.localdate()
    return today.year if today.month >= 6 else today.year - 1


def drafting_window(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From today (or 1 September) to 31 May: the summer is not planned."""
    today = today or timezone.localdate()
    start, _end = school_year_bounds(year)
    end = dt.date(year + 1, 5, 31)
    start = min(max(start, today), end)
    return start, end


def workplace_of(user: User) -> Organization | None:
    """Where the person teaches: a teacher's membership first, then any in an organisation."""
    memberships = Membership.objects.filter(user=user, organization__isnull=False).select_related(
        "organization"
    )
    ordered = sorted(memberships, key=lambda m: (m.role != Membership.Role.TEACHER, m.pk))
    return ordered[0].organization if ordered else None


# --- modules of programmes (seed 003) ------------------------------------------------------------


# A module's form names its programme's kind: интернатура and стажировка are not the same.
MODULE_FORM_OF_PROGRAM_KIND: dict[str, Promise] = {
    Program.Kind.DIGITAL_INTERNSHIP: gettext_lazy("module of the digital internship"),
    Program.Kind.INTERNSHIP_SITE: gettext_lazy("module of the internship-site programme"),
    Program.Kind.NETWORK_INTERNSHIP: gettext_lazy("module of the network internship"),
}


def module_activity(*, stage: Stage) -> Activity:
    """The catalogue item of a programme's module, made on first use."""
    activity = Activity.objects.filter(module=stage).first()
    if activity is None:
        program = stage.program
        activity = Activity.objects.create(
            kind=Activity.Kind.MODULE,
            module=stage,
            title=f"{program.title}: {stage.title}",
            form=str(MODULE_FORM_OF_PROGRAM_KIND.get(program.kind, "")),
            description=stage.description,
            hours=stage.hours_in_person + stage.hours_self_study,
            organization=program.organizer,
        )
    return activity


def program_modules_for(user: User) -> tuple[list[Activity], set[int]]:
    """The modules of the programmes the person is an intern in: (activities, mandatory ids).

    Invariant modules are in every intern's route; a variative one is mandatory once chosen,
    otherwise it is one more candidate.
    """
    memberships = ProgramMember.objects.filter(
        user=user, role=ProgramMember.Role.INTERN
    ).select_related("program")
    activities, mandatory = [], set()
    for member in memberships:
        if member.program.status == member.program.Status.FINISHED:
            continue
        chosen = set(ModuleChoice.objects.filter(member=member).values_list("stage_id", flat=True))
        for stage in member.program.stages.filter(kind=Stage.Kind.MODULE).order_by("order", "pk"):
            activity = module_activity(stage=stage)
            activities.append(activity)
            if not stage.variative or stage.pk in chosen:
                mandatory.add(activity.pk)
    return activities, mandatory


# --- drafting ------------------------------------------------------------------------------------


def _deficit_keys(deficits: list[CompetencyLevel]) -> dict[tuple[str, str], int]:
    slugs = dict(
        Competency.objects.filter(pk__in=[d.competency_id for d in deficits]).values_list(
            "pk", "framework__slug"
        )
    )
    return {(slugs[d.competency_id], d.code): d.competency_id for d in deficits}


@transaction.atomic
def route_draft_for(
    *,
    user: User,
    organization: Organization | None = None,
    year: int | None = None,
    hours_budget: Decimal | None = None,
    by: User | None = None,
    today: dt.date | None = None,
) -> Route:
    """Draft (or re-draft) the person's route of the year from their latest diagnostics.

    The steps of an editable route are replaced; steps already done are kept. A submitted or
    approved route is not touched (RouteError).
    """
    today = today or timezone.localdate()
    organization = organization or workplace_of(user)
    if organization is None:
        raise RouteError(_("You are not a member of any organisation: a route belongs to one."))
    year = year if year is not None else default_year(today)
    route, _created = Route.objects.get_or_create(user=user, organization=organization, year=year)
    if not route.editable:
        raise RouteError(_("The route has been submitted; it cannot be redrafted."))
    if hours_budget is not None:
        route.hours_budget = hours_budget
    levels = deficits_of(user)
    keys = _deficit_keys(levels)
    modules, mandatory = program_modules_for(user)
    # Modules first, in the programme's order: required steps open the route.
    activities = {m.pk: m for m in modules}
    # The rest by id: ties are broken the same way on every database (titles collate
    # differently on SQLite and PostgreSQL).
    for activity in selectors.catalogue_for(organization).order_by("pk"):
        activities.setdefault(activity.pk, activity)
    candidates = selectors.candidates(
        activities=activities.values(),
        organization=organization,
        deficit_ids=keys,
        mandatory_ids=frozenset(mandatory),
    )
    deficits = [
        drafting.Deficit(
            competency_id=d.competency_id,
            severity=d.severity,
            code=d.code,
            title=d.title,
            level=d.level,
        )
        for d in levels
    ]
    kept = list(route.steps.filter(status=Step.Status.DONE))
    kept_hours = float(sum((s.hours for s in kept), Decimal(0)))
    window = drafting_window(year, today)
    draft = drafting.draft_route(
        deficits=deficits,
        candidates=[c for c in candidates if c.id not in {s.activity_id for s in kept}],
        hours_budget=max(0.0, float(route.hours_budget) - kept_hours),
        window=window,
        max_steps=max(1, drafting.MAX_STEPS - len(kept)),
    )
    route.steps.exclude(status=Step.Status.DONE).delete()
    titles = {d.competency_id: d.title for d in levels}
    order = len(kept)
    # The texts are stored, so they are written in the site's language, whoever drafts.
    with translation.override(settings.LANGUAGE_CODE):
        for drafted in draft.steps:
            activity = activities[drafted.candidate_id]
            order += 1
            Step.objects.create(
                route=route,
                order=order,
                activity=activity,
                title=activity.title,
                form=str(activity.form_label),
                competency_id=drafted.competency_id,
                task=_task_for(titles.get(drafted.competency_id or 0, "")),
                starts_on=drafted.starts_on,
                ends_on=drafted.ends_on,
                hours=activity.hours,
                expected_result=activity.expected_result,
                presentation_form=activity.presentation_form,
                reason=drafted.reason.text()[:500],
                mandatory=drafted.reason.mandatory,
            )
        if not route.goal:
            route.goal = _goal_for(levels)
    route.deficits.set([d.competency_id for d in levels])
    route.drafted_at = timezone.now()
    route.save()
    return route


def _task_for(competency_title: str) -> str:
    if not competency_title:
        return ""
    return _("Develop the competency «%(title)s»") % {"title": competency_title}


def _goal_for(levels: list[CompetencyLevel]) -> str:
    if not levels:
        return _("Professional development in the school year.")
    return _("Overcome the professional deficits found by the diagnostics: %(list)s.") % {
        "list": "; ".join(f"{d.code} {d.title}" for d in levels[:6])
    }


# --- editing ----------------------------------------------------------------------------------


def _editable(route: Route) -> None:
    if not route.editable:
        raise RouteError(_("The route is fixed now: it has been submitted or approved."))


@transaction.atomic
def route_update(
    *, route: Route, goal: str, hours_budget: Decimal | None = None, by: User | None = None
) -> Route:
    if route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    route.goal = goal
    if hours_budget is not None:
        route.hours_budget = hours_budget
    route.save(update_fields=["goal", "hours_budget", "updated_at"])
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
def step_swap(*, step: Step, activity: Activity, by: User | None = None) -> Step:
    """Put another activity in the step; the competency, task and (free) dates stay."""
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    if step.mandatory:
        raise RouteError(_("This step is required by the programme and cannot be swapped."))
    _fill_from(step, activity)
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        step.reason = _("Chosen by hand instead of the drafted activity.")
    step.save()
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
    by: User | None = None,
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
    return step


@transaction.atomic
def step_update(*, step: Step, by: User | None = None, **fields: Any) -> Step:
    """Change what the teacher typed: task, dates, hours, planned result, form of presenting."""
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    allowed = {
        "title", "task", "starts_on", "ends_on", "hours", "expected_result",
        "presentation_form", "competency", "form",
    }  # fmt: skip
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(step, name, value)
    if step.starts_on and step.ends_on and step.ends_on < step.starts_on:
        raise RouteError(_("The end date is before the start date."))
    step.save()
    return step


@transaction.atomic
def step_remove(*, step: Step, by: User | None = None) -> None:
    if step.route.status == Route.Status.APPROVED:
        raise RouteError(_("The route is approved; it is not changed any more."))
    if step.mandatory:
        raise RouteError(_("This step is required by the programme and cannot be removed."))
    step.delete()


# --- approval ----------------------------------------------------------------------------------


@transaction.atomic
def route_submit(*, route: Route, by: User | None = None) -> Route:
    _editable(route)
    if not route.steps.exists():
        raise RouteError(_("Add at least one step before submitting the route."))
    route.status = Route.Status.SUBMITTED
    route.submitted_at = timezone.now()
    route.save(update_fields=["status", "submitted_at", "updated_at"])
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
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
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
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
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
    evidence_file: UploadedFile | None = None,
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
    step.status = Step.Status.DONE
    step.done_at = timezone.now()
    step.save()
    return step


@transaction.atomic
def step_set_status(*, step: Step, status: str, by: User | None = None) -> Step:
    """In progress, skipped or back to planned (done goes through ``step_mark_done``)."""
    _followable(step)
    if status not in (Step.Status.PLANNED, Step.Status.IN_PROGRESS, Step.Status.SKIPPED):
        raise ValueError(status)
    step.status = status
    step.done_at = None
    step.save(update_fields=["status", "done_at"])
    return step


# --- catalogue and layout ----------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    by: User,
    organization: Organization,
    competencies: Iterable[Competency],
    **fields: Any,
) -> Activity:
    """An organisation's own catalogue item (an event, a course it recommends, a colleague...)."""
    activity = Activity(organization=organization, created_by=by, **fields)
    activity.full_clean(exclude=["slug"])
    activity.save()
    activity.competencies.set(list(competencies))
    return activity


def competencies_from_codes(text: str) -> list[Competency]:
    """Competencies named by code in a comma-separated field (an event's «competencies»),
    from the newest version of each framework that has the code."""
    codes = [c.strip() for c in text.split(",") if c.strip()]
    found: dict[str, Competency] = {}
    for competency in Competency.objects.filter(code__in=codes).order_by("framework__version"):
        found[competency.code] = competency
    return [found[c] for c in codes if c in found]


@transaction.atomic
def activity_from_platform(
    *,
    by: User,
    organization: Organization,
    competencies: Iterable[Competency] = (),
    hours: Decimal | None = None,
    event: Event | None = None,
    program: Program | None = None,
    material: Material | None = None,
    collection: Collection | None = None,
) -> Activity:
    """An event, programme, material or collection of the platform as a catalogue item of the
    organisation, with what the platform knows filled in: title, hours, dates, provider and,
    for an event, the competencies typed on it."""
    chosen = [x for x in (event, program, material, collection) if x is not None]
    if len(chosen) != 1:
        raise RouteError(_("Choose one event, programme, material or collection."))
    fields: dict[str, Any] = {}
    known: list[Competency] = []
    if event is not None:
        fields = {
            "kind": Activity.Kind.EVENT,
            "event": event,
            "title": event.title,
            "hours": event.hours,
            "format": event.format,
            "provider": event.organizer.short_name,
            "form": str(event.get_kind_display()),
        }
        known = competencies_from_codes(event.competencies)
    elif program is not None:
        fields = {
            "kind": Activity.Kind.PROGRAM,
            "program": program,
            "title": program.title,
            "hours": program.hours,
            "provider": program.organizer.short_name,
            "form": str(program.get_kind_display()),
        }
    elif material is not None:
        fields = {
            "kind": Activity.Kind.MATERIAL,
            "material": material,
            "title": material.title,
            "url": material.url,
            "provider": material.authors,
        }
        known = competencies_from_codes(material.competencies)
    elif collection is not None:
        fields = {"kind": Activity.Kind.COLLECTION, "collection": collection}
        fields["title"] = collection.title
    if hours is not None:
        fields["hours"] = hours
    activity = Activity.objects.create(organization=organization, created_by=by, **fields)
    activity.competencies.set(list(competencies) or known)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, competencies: Iterable[Competency], by: User, **fields: Any
) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["slug"])
    activity.save()
    activity.competencies.set(list(competencies))
    return activity


def layout_set(*, organization: Organization, columns: list[str]) -> Layout:
    """The columns of the organisation's route document, in order."""
    unknown = [c for c in columns if c not in document.COLUMNS]
    if unknown or not columns:
        raise RouteError(_("Choose at least one known column."))
    layout, _created = Layout.objects.update_or_create(
        organization=organization, defaults={"columns": list(dict.fromkeys(columns))}
    )
    return layout


# --- horizontal learning (seed 004) ------------------------------------------------------------


@transaction.atomic
def step_teach_colleagues(
    *,
    step: Step,
    by: User,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    hours: Decimal | None = None,
    format: str = Event.Format.OFFLINE,
    place: str = "",
    title: str = "",
) -> Event:
    """One learns, then teaches the rest: a teacher who has done a course commits to pass it
    on, which makes an internal event of the organisation (colleagues register as usual)."""
    route = step.route
    if step.status != Step.Status.DONE:
        raise RouteError(_("Finish the course first, then offer to teach colleagues."))
    if step.teaching_event_id:
        raise RouteError(_("You have already offered to teach this to colleagues."))
    if not title:
        with translation.override(settings.LANGUAGE_CODE):  # stored text
            title = _("Learning from a colleague: %(title)s") % {"title": step.title}
    event = event_services.event_create(
        by=by,
        organizer=route.organization,
        title=title,
        kind=Event.Kind.MASTER_CLASS,
        format=format,
        place=place,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        hours=hours if hours is not None else Decimal(duration_minutes) / Decimal(45),
        visibility=Event.Visibility.ORGANIZATION,
        description=lesson_description(name=route.user.get_full_name(), course=step.title),
        competencies=step.competency.code if step.competency else "",
        time_zone=by.time_zone,
    )
    step.teaching_event = event
    step.save(update_fields=["teaching_event"])
    return event


def lesson_description(*, name: str, course: str) -> str:
    """What a lesson for colleagues says of itself (rewritten without the name on deletion)."""
    with translation.override(settings.LANGUAGE_CODE):  # stored text
        return _(
            "%(name)s has completed «%(course)s» and passes it on to colleagues "
            "(horizontal learning)."
        ) % {"name": name, "course": course}


@transaction.atomic
def horizontal_credit(*, event: Event, by: User | None = None) -> int:
    """Credit the event's hours to the teacher who taught and to each colleague marked present.

    Safe to run again after attendance changes: credits are made once per person and role,
    and taken back from those no longer marked present. Returns how many people hold credits.
    """
    step = Step.objects.select_related("route").filter(teaching_event=event).first()
    if step is None:
        raise RouteError(_("This event is not a teacher's lesson for colleagues."))
    year = step.route.year
    hours = event.hours
    HoursCredit.objects.get_or_create(
        user_id=step.route.user_id,
        event=event,
        role=HoursCredit.Role.TRAINER,
        defaults={"step": step, "year": year, "hours": hours},
    )
    present = set(
        Registration.objects.filter(event=event, attended_at__isnull=False)
        .exclude(user_id=step.route.user_id)
        .values_list("user_id", flat=True)
    )
    HoursCredit.objects.filter(event=event, role=HoursCredit.Role.ATTENDEE).exclude(
        user_id__in=present
    ).delete()
    for user_id in present:
        HoursCredit.objects.get_or_create(
            user_id=user_id,
            event=event,
            role=HoursCredit.Role.ATTENDEE,
            defaults={"step": step, "year": year, "hours": hours},
        )
    return len(present) + 1
