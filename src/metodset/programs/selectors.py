"""Reads of programmes with the joins their pages need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.events.models import Event, Registration
from metodset.surveys.models import Invitation

from . import permissions
from .models import (
    Application,
    Assignment,
    ModuleChoice,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    Stage,
    Submission,
    Team,
)

Role = ProgramMember.Role
State = Submission.State


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


def week_section(request: HttpRequest) -> dict[str, Any] | None:
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


# --- the team's work ----------------------------------------------------------------------


@dataclass
class WorkCell:
    """One piece of work in a list: whose it is, its state and where it opens."""

    submission: Submission | None
    url: str
    who: str = ""
    due_at: Any = None

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else ""

    @property
    def overdue(self) -> bool:
        handed_in = self.submission is not None and self.submission.state != State.DRAFT
        return bool(self.due_at and not handed_in and timezone.now() > self.due_at)


def submissions_by(
    *, program: Program, team_ids: list[int], user_ids: list[int]
) -> tuple[dict[tuple[int, int | None], Submission], dict[tuple[int, int | None], Submission]]:
    """The programme's submissions of these teams and these interns, by (assignment, owner)."""
    found = Submission.objects.filter(assignment__stage__program=program).filter(
        Q(team_id__in=team_ids) | Q(user_id__in=user_ids)
    )
    by_team: dict[tuple[int, int | None], Submission] = {
        (s.assignment_id, s.team_id): s for s in found if s.team_id
    }
    by_user: dict[tuple[int, int | None], Submission] = {
        (s.assignment_id, s.user_id): s for s in found if s.user_id
    }
    return by_team, by_user


def tutor_team_rows(
    *, program: Program, viewer: User, page_number: Any
) -> tuple[Page[Any], list[dict[str, Any]], list[Assignment]]:
    """A page of the teams the viewer may open with the state of each assignment's work:
    a cell per team assignment, handed-in and accepted counts per personal one."""
    user = viewer
    visible = permissions.visible_teams(user, program).values("pk")
    teams = (
        Team.objects.filter(pk__in=visible)
        .select_related("tutor")
        .annotate(
            open_requests=Count(
                "messages", filter=Q(messages__to_tutor=True, messages__resolved_at__isnull=True)
            ),
            last_message_at=Max("messages__created_at"),
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProgramMember.objects.filter(role=Role.INTERN)
                .select_related("user")
                .order_by("user__last_name", "user__first_name", "pk"),
                to_attr="interns",
            )
        )
        .order_by("number", "pk")
    )
    page = Paginator(teams, settings.PAGE_SIZE).get_page(page_number)
    page_teams = list(page.object_list)
    assignments = list(
        Assignment.objects.filter(stage__program=program)
        .select_related("stage")
        .order_by("stage__order", "order", "pk")
    )
    # django-stubs types Prefetch(to_attr=...) on the queryset but not on its rows (a stub gap).
    member_ids = [m.user_id for t in page_teams for m in t.interns]  # type: ignore[attr-defined]
    by_team, by_user = submissions_by(
        program=program, team_ids=[t.pk for t in page_teams], user_ids=member_ids
    )
    rows = []
    for team in page_teams:
        cells = []
        for assignment in assignments:
            if assignment.scope == Assignment.Scope.TEAM:
                cells.append(
                    {
                        "assignment": assignment,
                        "cell": WorkCell(
                            by_team.get((assignment.pk, team.pk)),
                            reverse("programs:team_submission", args=[team.pk, assignment.pk]),
                            due_at=assignment.due_at,
                        ),
                    }
                )
            else:
                interns = team.interns  # type: ignore[attr-defined]  # as above: a stub gap
                states = [by_user.get((assignment.pk, m.user_id)) for m in interns]
                cells.append(
                    {
                        "assignment": assignment,
                        "personal": True,
                        "url": reverse("programs:team", args=[team.pk]) + "#assignments",
                        "handed_in": sum(1 for s in states if s and s.state != State.DRAFT),
                        "accepted": sum(1 for s in states if s and s.state == State.ACCEPTED),
                        "of": len(states),
                    }
                )
        rows.append({"team": team, "cells": cells})
    return page, rows, assignments


# --- the individual plan (seed 002) ---------------------------------------------------------


def plan_context(*, program: Program, viewer: User) -> dict[str, Any]:
    """The plan page: the viewer's own steps with her marks, and for a coordinator the grid of
    every trainee's steps and the training calendar."""
    steps = list(PlanStep.objects.filter(program=program).order_by("order", "pk"))
    coordinates = permissions.can_coordinate(viewer, program)
    mine = {p.step_id: p for p in PlanProgress.objects.filter(step__in=steps, user=viewer)}
    grid = None
    if coordinates:
        done = set(PlanProgress.objects.filter(step__in=steps).values_list("user_id", "step_id"))
        trainees = members(program=program, role=Role.INTERN)
        grid = [(m, [(s, (m.user_id, s.pk) in done) for s in steps]) for m in trainees]
    return {
        "program": program,
        "steps": [(s, mine.get(s.pk)) for s in steps],
        "is_intern": permissions.is_intern(viewer, program),
        "grid": grid,
        "coordinates": coordinates,
        "calendar": list(program.calendar.order_by("month", "pk")),
        "calendar_form": None,
        "modules": list(program.stages.filter(kind="module").order_by("order")),
    }


# --- the coordinator's dashboard ------------------------------------------------------------


def dashboard(*, program: Program) -> dict[str, Any]:
    """The programme at a glance: the funnel, teams' work, attendance, answers, completion."""
    from .services.completion import completion
    from .services.programs import reflection_questionnaire

    counts = application_counts(program=program)
    interns = ProgramMember.objects.filter(program=program, role=Role.INTERN)
    rows = completion(program=program)
    events = (
        Event.objects.filter(program_stages__program=program)
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
        )
        .order_by("starts_at")
    )
    states = dict(
        Submission.objects.filter(assignment__stage__program=program)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    questionnaire = reflection_questionnaire(program)
    answers = (
        Invitation.objects.filter(questionnaire=questionnaire).aggregate(
            invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
        if questionnaire
        else None
    )
    total_applications = sum(counts.values())
    return {
        "program": program,
        "funnel": [
            (_("Applications"), total_applications),
            (_("Accepted"), counts[Application.Status.ACCEPTED]),
            (_("In teams"), interns.filter(team__isnull=False).count()),
            (_("Completed"), sum(1 for r in rows if r.eligible)),
        ],
        "funnel_top": max(total_applications, interns.count(), 1),
        "events": events,
        "states": [(label, states.get(value, 0)) for value, label in Submission.State.choices],
        "answers": answers,
        "questionnaire": questionnaire,
        "teams": program.teams.count(),
    }


# --- the cohort's shared space ------------------------------------------------------------

FEED_PAGE = 20


def cohort_feed(*, posts: QuerySet[Any], page_number: Any = None) -> Page[Any]:
    """A page of the feed, newest first, with the authors, teams and shared versions joined."""
    posts = posts.select_related("author", "team", "version").order_by("-shared_at", "-pk")
    return Paginator(posts, FEED_PAGE).get_page(page_number)


def feedback_board(*, program: Program) -> list[dict[str, Any]]:
    """The coordinators' page of feedback: each team with its interns, and what was written
    to each, in a constant number of queries."""
    from .models import Feedback

    teams = list(Team.objects.filter(program=program).select_related("tutor").order_by("number"))
    interns = list(
        ProgramMember.objects.filter(program=program, role=Role.INTERN, team__isnull=False)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    by_team: dict[int, list[Any]] = {}
    by_intern: dict[int, list[Any]] = {}
    for note in Feedback.objects.filter(program=program).select_related("author"):
        if note.team_id:
            by_team.setdefault(note.team_id, []).append(note)
        elif note.intern_id:
            by_intern.setdefault(note.intern_id, []).append(note)
    return [
        {
            "team": team,
            "feedback": by_team.get(team.pk, []),
            "interns": [
                {"member": m, "feedback": by_intern.get(m.user_id, [])}
                for m in interns
                if m.team_id == team.pk
            ],
        }
        for team in teams
    ]


def accepted_team_products(*, program: Program) -> list[Submission]:
    """The teams' accepted work, for «Добавить в итоговый кейс» on the final case's page;
    ``in_case`` set on each when its material is in the case now."""
    products = list(
        Submission.objects.filter(
            assignment__stage__program=program, team__isnull=False, state=State.ACCEPTED
        )
        .select_related("assignment", "team")
        .order_by("team__number", "assignment__stage__order", "assignment__order", "pk")
    )
    in_case: set[int] = set()
    if program.final_case is not None:
        in_case = set(program.final_case.items.values_list("material_id", flat=True))
    for product in products:
        product.in_case = product.case_material_id in in_case  # type: ignore[attr-defined]
    return products
