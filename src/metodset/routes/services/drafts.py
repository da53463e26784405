"""Drafting a route from the teacher's deficits, with the modules of programmes (seed 003)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import Organization, User
from metodset.accounts.services import Action
from metodset.diagnostics.models import Competency
from metodset.diagnostics.profiles.selectors import CompetencyLevel, deficits_of
from metodset.programs.models import ModuleChoice, Program, ProgramMember, Stage

from .. import drafting, selectors
from ..models import Activity, Route, Step
from .common import RouteError, default_year, drafting_window, route_audit, workplace_of

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
    route, created = Route.objects.get_or_create(user=user, organization=organization, year=year)
    if not route.editable:
        raise RouteError(_("The route has been submitted; it cannot be redrafted."))
    if created:
        route_audit(route=route, by=by, action=Action.CREATED)
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
