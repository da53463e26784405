"""Creating a programme from a scheme (seed 000, seed 002), editing it, moving its status."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change, diff_fields
from metodset.accounts.models import Network, Organization, User
from metodset.accounts.services import Action
from metodset.events import services as event_services
from metodset.events.models import Event
from metodset.library import services as library
from metodset.library.models import Collection, Material
from metodset.surveys import distribution as survey_distribution
from metodset.surveys import services as survey_services
from metodset.surveys.models import Questionnaire

from ..models import (
    Assignment,
    CalendarEntry,
    CompletionRule,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    Stage,
)
from ..schemes import SCHEMES, ProgramScheme, StagePlan
from .completion import completion_check
from .errors import ProgramError

EVENT_TIME = time(15, 0)  # online events of a new programme start at 15:00, the author's time
EVENT_MINUTES = 90


def _starts_at(day: date, zone: str) -> datetime:
    return datetime.combine(day, EVENT_TIME, tzinfo=ZoneInfo(zone))


def _final_case_title(title: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language
        return _("Final case: %(title)s") % {"title": title}


@transaction.atomic
def program_create_from_scheme(
    *,
    by: User,
    kind: str,
    organizer: Organization,
    network: Network | None = None,
    title: str = "",
    topic: str = "",
    starts_on: date | None = None,
) -> Program:
    """A draft programme with the scheme's stages, online events, assignments, plan steps,
    completion rules, an empty final case and the reflection questionnaire (a draft).

    The coordinator then edits what differs: titles, dates, meeting links.
    """
    scheme: ProgramScheme = SCHEMES[kind]
    starts_on = starts_on or timezone.localdate() + timedelta(days=21)
    program = Program.objects.create(
        kind=kind,
        title=title or scheme.title,
        topic=topic,
        description=scheme.description,
        organizer=organizer,
        network=network,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=scheme.days),
        applications_open_on=starts_on - timedelta(days=21),
        applications_close_on=starts_on - timedelta(days=7),
        team_min=scheme.team_min,
        team_max=scheme.team_max,
        hours_in_person=sum((s.hours_in_person for s in scheme.stages if not s.variative), start=0),
        hours_self_study=sum(
            (s.hours_self_study for s in scheme.stages if not s.variative), start=0
        ),
        created_by=by,
        final_case=library.collection_create(
            title=_final_case_title(title or scheme.title),
            organization=organizer,
            network=network,
            by=by,
            kind=Collection.Kind.FINAL_CASE,
        ),
    )
    ProgramMember.objects.create(program=program, user=by, role=ProgramMember.Role.COORDINATOR)
    events: list[Event] = []
    for order, plan in enumerate(scheme.stages, start=1):
        event = _stage_create(program, order, plan, by=by, starts_on=starts_on)
        if event is not None:
            events.append(event)
    for order, (title_, description) in enumerate(scheme.plan_steps, start=1):
        PlanStep.objects.create(program=program, order=order, title=title_, description=description)
    questionnaire = None
    if scheme.reflection_questionnaire:
        questionnaire = survey_services.questionnaire_from_template(
            key=scheme.reflection_questionnaire, by=by, organization=organizer, network=network
        )
    for rule_kind, count in scheme.completion:
        rule = _completion_rule(
            program, rule_kind, count, events=events, questionnaire=questionnaire
        )
        if rule is not None:
            rule.save()
    audit_record(
        actor=by,
        action=Action.CREATED,
        target=program,
        changes={"kind": choice_change(Program.Kind, None, kind)},
    )
    return program


def _stage_create(
    program: Program, order: int, plan: StagePlan, *, by: User, starts_on: date
) -> Event | None:
    """A stage of the scheme with its assignments and, when the scheme has one, its online
    event (a draft), which is returned."""
    stage = Stage.objects.create(
        program=program,
        order=order,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        starts_on=starts_on + timedelta(days=plan.days[0]),
        ends_on=starts_on + timedelta(days=plan.days[1]),
        talk_minutes=plan.talk_minutes,
        questions_minutes=plan.questions_minutes,
        hours_in_person=plan.hours_in_person,
        hours_self_study=plan.hours_self_study,
        variative=plan.variative,
    )
    event = None
    if plan.event_title:
        event = event_services.event_create(
            by=by,
            organizer=program.organizer,
            network=program.network,
            title=f"{program.title}. {plan.event_title}",
            kind=plan.event_kind,
            format=Event.Format.ONLINE,
            provider=Event.Provider.JITSI,
            starts_at=_starts_at(starts_on + timedelta(days=plan.event_day), by.time_zone),
            time_zone=by.time_zone,
            duration_minutes=EVENT_MINUTES,
            visibility=Event.Visibility.ORGANIZATION,
            status=Event.Status.DRAFT,
            description=plan.description,
        )
        stage.events.add(event)
    for n, task in enumerate(plan.assignments, start=1):
        Assignment.objects.create(
            stage=stage,
            order=n,
            title=task.title,
            kind=task.kind,
            scope=task.scope,
            instructions=task.instructions,
            due_at=_starts_at(starts_on + timedelta(days=task.due_days), by.time_zone)
            + timedelta(hours=8),
        )
    return event


# The completion rules that check a programme's first assignment of a kind.
_RULE_ASSIGNMENT_KIND: dict[str, str] = {
    CompletionRule.Kind.TEAM_PRODUCT_ACCEPTED: Assignment.Kind.EVENT_CARD,
    CompletionRule.Kind.VIDEO_UPLOADED: Assignment.Kind.VIDEO,
}


def _completion_rule(
    program: Program,
    rule_kind: str,
    count: int | None,
    *,
    events: list[Event],
    questionnaire: Questionnaire | None,
) -> CompletionRule | None:
    """The scheme's rule as it applies to the new programme (unsaved); None when it cannot
    apply: events to attend without events, a questionnaire to answer without one."""
    if rule_kind == CompletionRule.Kind.EVENTS_ATTENDED:
        if not events:
            return None
        count = min(count or 1, len(events))
    rule = CompletionRule(program=program, kind=rule_kind, count=count)
    if rule_kind in _RULE_ASSIGNMENT_KIND:
        rule.assignment = Assignment.objects.filter(
            stage__program=program, kind=_RULE_ASSIGNMENT_KIND[rule_kind]
        ).first()
    elif rule_kind == CompletionRule.Kind.QUESTIONNAIRE_ANSWERED:
        if questionnaire is None:
            return None
        rule.questionnaire_id = questionnaire.pk
    return rule


@transaction.atomic
def program_update(*, program: Program, by: User | None = None, **fields: Any) -> Program:
    changes = diff_fields(program, fields)
    for name, value in fields.items():
        setattr(program, name, value)
    if program.team_min > program.team_max:
        raise ProgramError(_("The smallest team cannot be larger than the largest."))
    program.full_clean()
    program.save()
    if changes:
        audit_record(actor=by, action=Action.UPDATED, target=program, changes=changes)
    return program


def _status_set(program: Program, status: str, *, by: User | None, **also: Any) -> None:
    """Move the programme to ``status`` (with ``also`` fields), audited."""
    changes = {"status": choice_change(Program.Status, program.status, status)}
    program.status = status
    for name, value in also.items():
        setattr(program, name, value)
    program.save(update_fields=["status", *also])
    audit_record(actor=by, action=Action.STATUS_CHANGED, target=program, changes=changes)


@transaction.atomic
def stage_update(*, stage: Stage, by: User | None, **fields: Any) -> Stage:
    changes = diff_fields(stage, fields)
    for name, value in fields.items():
        setattr(stage, name, value)
    stage.full_clean()
    stage.save()
    if changes:
        _stage_audit(stage, by=by, action=Action.UPDATED, changes=changes)
    return stage


def _stage_audit(
    stage: Stage, *, by: User | None, action: str, changes: dict[str, Any] | None = None
) -> None:
    """An audit entry about a stage, named with its programme (a stage's title alone, «Модуль
    1», says little in the log)."""
    audit_record(
        actor=by,
        action=action,
        target=stage,
        changes=changes,
        target_repr=f"{stage.title} — {stage.program}",
    )


@transaction.atomic
def program_publish(*, program: Program, by: User | None = None) -> Program:
    """Open recruitment: the invitation page takes applications; the events are published."""
    if program.status != Program.Status.DRAFT:
        return program
    _status_set(program, Program.Status.RECRUITING, by=by)
    event_services.events_publish(events=Event.objects.filter(program_stages__program=program))
    return program


@transaction.atomic
def program_start(*, program: Program, by: User | None = None) -> Program:
    _status_set(program, Program.Status.RUNNING, by=by)
    return program


@transaction.atomic
def program_finish(*, program: Program, by: User | None = None) -> Program:
    """Finish the programme and open its final case; not before its last event has ended."""
    completion_check(
        program=program,
        time_zone=by.time_zone if by is not None else program.organizer.region.time_zone,
    )
    _status_set(program, Program.Status.FINISHED, by=by, final_case_published=True)
    return program


@transaction.atomic
def final_case_show(*, program: Program, shown: bool) -> Program:
    """Show the final case to the interns, or hide it again."""
    program.final_case_published = shown
    program.save(update_fields=["final_case_published"])
    return program


@transaction.atomic
def final_case_material_add(
    *,
    program: Program,
    by: User,
    title: str,
    kind: str,
    url: str = "",
    description: str = "",
    authors: str = "",
    file: Any = None,
) -> Material:
    """A material of the programme's organiser, put into the final case."""
    material = library.material_create(
        by=by,
        title=title,
        kind=kind,
        url=url,
        description=description,
        authors=authors,
        organization=program.organizer,
        **({"file": file} if file else {}),
    )
    assert program.final_case is not None  # every programme is created with its case
    library.collection_add(collection=program.final_case, material=material)
    return material


@transaction.atomic
def final_case_material_remove(*, program: Program, material: Material) -> None:
    assert program.final_case is not None
    library.collection_remove(collection=program.final_case, material=material)


@transaction.atomic
def calendar_entry_add(
    *, program: Program, month: date, topic: str, content: str = "", leaders: str = ""
) -> CalendarEntry:
    """A row of the training calendar (seed 002); the month is kept as its first day."""
    return CalendarEntry.objects.create(
        program=program, month=month.replace(day=1), topic=topic, content=content, leaders=leaders
    )


@transaction.atomic
def calendar_entry_delete(*, program: Program, entry_id: int | str | None) -> None:
    """Remove a row of the programme's training calendar (another programme's is ignored)."""
    if entry_id is not None:
        program.calendar.filter(pk=entry_id).delete()


def reflection_questionnaire(program: Program) -> Questionnaire | None:
    rule = program.rules.filter(kind=CompletionRule.Kind.QUESTIONNAIRE_ANSWERED).first()
    if rule is None or rule.questionnaire_id is None:
        return None
    return Questionnaire.objects.filter(pk=rule.questionnaire_id).first()


@transaction.atomic
def reflection_send(*, program: Program, by: User | None) -> int:
    """Open the reflection questionnaire and invite every intern who is not invited yet."""
    questionnaire = reflection_questionnaire(program)
    if questionnaire is None:
        raise ProgramError(_("The programme has no reflection questionnaire."))
    if questionnaire.status != Questionnaire.Status.OPEN:
        survey_services.questionnaire_open(questionnaire=questionnaire)
    interns = User.objects.filter(
        program_roles__program=program, program_roles__role=ProgramMember.Role.INTERN
    )
    return survey_distribution.invitations_create(
        questionnaire=questionnaire, people=interns, by=by
    )


@transaction.atomic
def plan_step_done(
    *,
    step: PlanStep,
    user: User,
    evidence_url: str = "",
    evidence_file: UploadedFile[bytes] | None = None,
    note: str = "",
) -> PlanProgress:
    """A trainee ticks a step of the individual plan off, with evidence (a link or a file)."""
    progress, _created = PlanProgress.objects.update_or_create(
        step=step,
        user=user,
        defaults={"evidence_url": evidence_url, "note": note.strip(), "done_at": timezone.now()},
    )
    if evidence_file is not None:
        progress.evidence_file = evidence_file
        progress.save(update_fields=["evidence_file"])
    return progress


@transaction.atomic
def plan_step_undo(*, step: PlanStep, user: User) -> None:
    PlanProgress.objects.filter(step=step, user=user).delete()


def reflections_send_due(*, today: date | None = None) -> int:
    """Send each running programme's reflection questionnaire when the stage it belongs to
    begins (seed 000: the self-study block); once — an open questionnaire is left alone.
    Returns how many programmes sent it."""
    today = today or timezone.localdate()
    sent = 0
    for program in Program.objects.filter(status=Program.Status.RUNNING):
        scheme = SCHEMES.get(program.kind)
        if scheme is None or not scheme.reflection_stage:
            continue
        stage = (
            program.stages.filter(kind=scheme.reflection_stage, starts_on__isnull=False)
            .order_by("-order")
            .first()
        )
        questionnaire = reflection_questionnaire(program)
        if stage is None or stage.starts_on is None or questionnaire is None:
            continue
        if stage.starts_on > today:
            continue
        if questionnaire.status != Questionnaire.Status.DRAFT:
            continue
        reflection_send(program=program, by=None)
        sent += 1
    return sent


# --- the builder: stages, assignments, events ----------------------------------------------


@transaction.atomic
def stage_add(*, program: Program, kind: str, title: str, by: User | None) -> Stage:
    last = program.stages.order_by("-order").values_list("order", flat=True).first() or 0
    stage = Stage(program=program, kind=kind, title=title.strip(), order=last + 1)
    stage.full_clean()
    stage.save()
    _stage_audit(
        stage,
        by=by,
        action=Action.CREATED,
        changes={"kind": choice_change(Stage.Kind, None, kind), "order": [None, stage.order]},
    )
    return stage


@transaction.atomic
def stage_delete(*, stage: Stage, by: User | None) -> None:
    """Remove a stage that holds no handed-in work (its events stay in the catalogue)."""
    from ..models import Submission

    if Submission.objects.filter(assignment__stage=stage).exists():
        raise ProgramError(_("The stage has work of interns; it cannot be removed."))
    _stage_audit(stage, by=by, action=Action.REMOVED, changes={"order": [stage.order, None]})
    stage.delete()


@transaction.atomic
def stage_move(*, stage: Stage, direction: str, by: User | None) -> None:
    stages = list(stage.program.stages.order_by("order", "pk"))
    index = stages.index(stage)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(stages):
        old = stage.order
        stages[index], stages[other] = stages[other], stages[index]
        for order, item in enumerate(stages, start=1):
            if item.order != order:
                item.order = order
                item.save(update_fields=["order"])
        moved = stages[other]  # the stage itself, now in the other's place
        _stage_audit(moved, by=by, action=Action.MOVED, changes={"order": [old, moved.order]})


@transaction.atomic
def assignment_save(
    *, stage: Stage, assignment: Assignment | None = None, **fields: Any
) -> Assignment:
    assignment = assignment or Assignment(stage=stage, order=(stage.assignments.count() + 1))
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    if assignment.submissions.exists():
        raise ProgramError(_("Interns have started this assignment; it cannot be removed."))
    assignment.delete()


@transaction.atomic
def stage_event_add(
    *,
    stage: Stage,
    by: User,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    provider: str,
    meeting_url: str = "",
) -> Event:
    """An online event of the stage; every intern and tutor is registered for it at once."""
    program = stage.program
    event = event_services.event_create(
        by=by,
        organizer=program.organizer,
        network=program.network,
        title=title.strip(),
        kind=Event.Kind.TRAINEESHIP_SESSION
        if program.kind == Program.Kind.INTERNSHIP_SITE
        else Event.Kind.INTERNSHIP_SESSION,
        format=Event.Format.ONLINE,
        provider=provider,
        meeting_url=meeting_url,
        starts_at=starts_at,
        time_zone=by.time_zone,
        duration_minutes=duration_minutes,
        visibility=Event.Visibility.ORGANIZATION,
        status=Event.Status.DRAFT
        if program.status == Program.Status.DRAFT
        else Event.Status.PUBLISHED,
        description=stage.description,
    )
    stage.events.add(event)
    people = ProgramMember.objects.filter(
        program=program, role__in=[ProgramMember.Role.INTERN, ProgramMember.Role.TUTOR]
    )
    event_services.registrations_ensure(
        events=[event], user_ids=people.values_list("user_id", flat=True)
    )
    return event


@transaction.atomic
def module_choose(*, program: Program, user: User, stage: Stage, chosen: bool) -> None:
    """An intern takes (or gives up) a variative module (seed 003)."""
    from ..models import ModuleChoice

    if not stage.variative or stage.program_id != program.pk:
        raise ProgramError(_("This module is the same for everybody."))
    member = ProgramMember.objects.filter(
        program=program, user=user, role=ProgramMember.Role.INTERN
    ).first()
    if member is None:
        raise ProgramError(_("Only interns of the programme choose modules."))
    if chosen:
        ModuleChoice.objects.get_or_create(member=member, stage=stage)
    else:
        ModuleChoice.objects.filter(member=member, stage=stage).delete()
