"""Audiences programmes offer to questionnaires: the interns of a programme, one team."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User
from metodset.core.audiences import Audience

from . import permissions
from .models import Program, ProgramMember, Team

Role = ProgramMember.Role


def _program_options(user: User) -> list[tuple[str, str]]:
    programs = permissions.coordinated_programs(user).exclude(status=Program.Status.DRAFT)
    return [(str(p.pk), p.title) for p in programs.only("pk", "title").order_by("-pk")[:200]]


def _program_people(user: User, key: str) -> QuerySet[User]:
    program = Program.objects.filter(pk=int(key) if key.isdigit() else 0).first()
    if program is None or not permissions.can_coordinate(user, program):
        raise PermissionDenied
    return User.objects.filter(
        program_roles__program=program, program_roles__role=Role.INTERN, is_active=True
    )


def _team_options(user: User) -> list[tuple[str, str]]:
    teams = Team.objects.filter(
        program__in=permissions.coordinated_programs(user).exclude(status=Program.Status.DRAFT)
    ).select_related("program")
    return [
        (str(t.pk), f"{t.program.title}: {t.label}")
        for t in teams.order_by("-program_id", "number")[:300]
    ]


def _team_people(user: User, key: str) -> QuerySet[User]:
    team = (
        Team.objects.select_related("program").filter(pk=int(key) if key.isdigit() else 0).first()
    )
    if team is None or not permissions.can_coordinate(user, team.program):
        raise PermissionDenied
    return User.objects.filter(
        program_roles__team=team, program_roles__role=Role.INTERN, is_active=True
    )


AUDIENCES = [
    Audience(
        kind="program",
        label=_("interns of a programme"),
        options=_program_options,
        people=_program_people,
        order=5,
    ),
    Audience(
        kind="team",
        label=_("a team of a programme"),
        options=_team_options,
        people=_team_people,
        order=6,
    ),
]
