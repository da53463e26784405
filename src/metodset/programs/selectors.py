"""Reads of programmes with the joins their pages need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from metodset.accounts.models import User
from metodset.events.models import Event

from . import permissions
from .models import (
    Application,
    Assignment,
    ModuleChoice,
    Program,
    ProgramMember,
    Stage,
    Submission,
    Team,
)

Role = ProgramMember.Role


def program_for_member(*, viewer: User, program_id: int) -> Program:
    """404 if missing or the viewer has no part in it."""
    program = (
        Program.objects.select_related("organizer__region", "network", "final_case")
        .filter(pk=program_id)
        .first()
    )
    if program is None or not permissions.can_view_program(viewer, program):
        raise Http404
    return program


def program_for_coordinator(*, viewer: User, program_id: int) -> Program:
    """404 if the viewer has no part in it, 403 if they take part but do not run it."""
    program = (
        Program.objects.select_related("organizer__region", "network", "final_case")
        .filter(pk=program_id)
        .first()
    )
    if program is None:
        raise Http404
    if not permissions.can_coordinate(viewer, program):
        if permissions.can_view_program(viewer, program):
            raise PermissionDenied
        raise Http404
    return program


def public_program(*, program_id: int) -> Program:
    """A programme whose invitation page is open: recruiting, running or finished."""
    program = (
        Program.objects.select_related("organizer__region", "network")
        .exclude(status=Program.Status.DRAFT)
        .filter(pk=program_id)
        .first()
    )
    if program is None:
        raise Http404
    return program


def stages_with_content(*, program: Program) -> list[Stage]:
    """Stages in order with their events and assignments, two queries in all."""
    return list(
        program.stages.order_by("order", "pk").prefetch_related(
            Prefetch("events", queryset=Event.objects.order_by("starts_at")),
            Prefetch("assignments", queryset=Assignment.objects.order_by("order", "pk")),
        )
    )


def current_stage(stages: list[Stage], today: date) -> Stage | None:
    """The stage today falls in; before the start the first, after the end the last."""
    dated = [s for s in stages if s.starts_on and s.ends_on]
    for stage in dated:
        assert stage.starts_on and stage.ends_on
        if stage.starts_on <= today <= stage.ends_on:
            return stage
    if not dated:
        return None
    if dated[0].starts_on and today < dated[0].starts_on:
        return dated[0]
    past = [s for s in dated if s.ends_on and s.ends_on < today]
    return past[-1] if past else None


@dataclass
class InternView:
    """What an intern's scheme page says: where we are, what is next, what is due."""

    team: Team | None
    stage: Stage | None
    next_event: Event | None
    due: list[tuple[Assignment, Submission | None]]


def intern_view(*, program: Program, user: User, stages: list[Stage]) -> InternView:
    member = (
        ProgramMember.objects.filter(program=program, user=user, role=Role.INTERN)
        .select_related("team__tutor")
        .first()
    )
    team = member.team if member else None
    now = timezone.now()
    events = [e for s in stages for e in s.events.all() if e.ends_at > now]
    assignments = [a for s in stages for a in s.assignments.all()]
    mine = Q(user=user) | (Q(team=team) if team else Q(pk__in=[]))
    submissions = {
        s.assignment_id: s for s in Submission.objects.filter(mine, assignment__in=assignments)
    }
    due = [
        (a, submissions.get(a.pk))
        for a in assignments
        if submissions.get(a.pk) is None or submissions[a.pk].state != Submission.State.ACCEPTED
    ]
    return InternView(
        team=team,
        stage=current_stage(stages, timezone.localdate()),
        next_event=min(events, key=lambda e: e.starts_at) if events else None,
        due=due,
    )


def applications(*, program: Program, status: str = "") -> QuerySet[Application]:
    found = program.applications.select_related("organization__region", "user")
    if status:
        found = found.filter(status=status)
    return found.order_by("created_at", "pk")


def application_counts(*, program: Program) -> dict[str, int]:
    counts = dict(
        program.applications.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status, _label in Application.Status.choices}


def members(*, program: Program, role: str) -> QuerySet[ProgramMember]:
    return (
        ProgramMember.objects.filter(program=program, role=role)
        .select_related("user", "team")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def program_list_context(*, user: User) -> dict[str, Any]:
    return {
        "coordinated": permissions.coordinated_programs(user)
        .select_related("organizer")
        .annotate(
            interns=Count("members", filter=Q(members__role=Role.INTERN), distinct=True),
            new_applications=Count(
                "applications",
                filter=Q(applications__status=Application.Status.NEW),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk"),
        "mine": permissions.my_programs(user)
        .select_related("organizer")
        .exclude(pk__in=permissions.coordinated_programs(user).values("pk"))
        .order_by("-created_at", "-pk"),
    }


def week_section(request) -> dict[str, Any] | None:
    """«Моя неделя»: the programmes the person takes part in, with what waits for them —
    an intern's work due in the coming week, a tutor's work to review."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(
        ProgramMember.objects.filter(
            user=user, program__status__in=[Program.Status.RECRUITING, Program.Status.RUNNING]
        )
        .select_related("program", "team")
        .order_by("program__starts_on", "pk")
    )
    if not memberships:
        return None
    now = timezone.now()
    soon = now + timedelta(days=7)
    team_ids = [m.team_id for m in memberships if m.role == Role.INTERN and m.team_id]
    program_ids = [m.program_id for m in memberships if m.role == Role.INTERN]
    due = list(
        Assignment.objects.filter(
            stage__program_id__in=program_ids, due_at__gte=now, due_at__lte=soon
        )
        .exclude(
            submissions__team_id__in=team_ids,
            submissions__state__in=[Submission.State.SUBMITTED, Submission.State.ACCEPTED],
        )
        .select_related("stage")
        .order_by("due_at")
    )
    to_review = dict(
        Submission.objects.filter(team__tutor=user, state=Submission.State.SUBMITTED)
        .values("team__program_id")
        .annotate(n=Count("pk"))
        .values_list("team__program_id", "n")
    )
    rows = []
    seen = set()
    for member in memberships:
        if member.program_id in seen:
            continue
        seen.add(member.program_id)
        rows.append(
            {
                "program": member.program,
                "team": member.team,
                "due": [a for a in due if a.stage.program_id == member.program_id],
                "to_review": to_review.get(member.program_id, 0),
            }
        )
    return {"programs": rows}


def chosen_modules(*, program: Program, user: User) -> set[int]:
    """Ids of the variative modules (stages) this person chose."""
    return set(
        ModuleChoice.objects.filter(member__program=program, member__user=user).values_list(
            "stage_id", flat=True
        )
    )


def module_counts(*, program: Program) -> dict[int, int]:
    """How many interns chose each variative module."""
    return dict(
        ModuleChoice.objects.filter(stage__program=program)
        .values("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
