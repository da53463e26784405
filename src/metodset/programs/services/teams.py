"""Teams (подгруппы): formed automatically from the interns, adjusted by hand, with tutors.

The algorithm is ``programs.teaming`` (pure, benchmarked against the exact optimum); here the
interns become its plain ``Applicant``s — city and organisation from their application or
their profile, a specialty read from their position — and its answer becomes ``Team`` rows.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change
from metodset.accounts.models import Membership, User
from metodset.accounts.services import Action
from metodset.events import services as event_services
from metodset.events.models import Event

from .. import teaming
from ..models import Application, Program, ProgramMember, Submission, Team
from .errors import ProgramError

Role = ProgramMember.Role

# Specialists seed 000 spreads across teams, recognised in a position's wording.
SPECIALTIES = [
    ("психолог", "педагог-психолог"),
    ("логопед", "учитель-логопед"),
    ("дефектолог", "учитель-дефектолог"),
    ("музыкальн", "музыкальный руководитель"),
    ("физическ", "инструктор по физической культуре"),
    ("физкультур", "инструктор по физической культуре"),
]


def specialty_of(position: str) -> str:
    text = position.lower()
    return next((name for marker, name in SPECIALTIES if marker in text), "")


def _organization_key(application: Application | None, user: User) -> int:
    """An organisation id, or a stable number for one typed by hand (same text, same number)."""
    if application is not None and application.organization_id:
        return application.organization_id
    if application is not None and application.organization_name:
        text = " ".join(
            application.organization_name.lower().replace("«", "").replace("»", "").split()
        )
        return -int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)  # negative: not an id
    membership = user.memberships.filter(organization__isnull=False).first()
    return membership.organization_id if membership and membership.organization_id else -user.pk


def applicants(program: Program) -> tuple[list[teaming.Applicant], list[list[int]]]:
    """The interns as the algorithm's applicants (ids are ``ProgramMember`` ids) and wishes."""
    members = list(
        ProgramMember.objects.filter(program=program, role=Role.INTERN)
        .select_related("user")
        .prefetch_related("user__memberships__organization")
        .order_by("pk")
    )
    applications = {
        a.user_id: a
        for a in Application.objects.filter(program=program, user__isnull=False).select_related(
            "organization"
        )
    }
    people = []
    groups: dict[int, list[int]] = {}
    # Wishes named in applications («работать вместе с …») join the coordinator's groups.
    by_email = {m.user.email.lower(): m.pk for m in members}
    named: list[set[int]] = []
    for member in members:
        application = applications.get(member.user_id)
        if application is not None and application.together_with:
            mates = {by_email[e] for e in application.together_with.split(", ") if e in by_email}
            if mates - {member.pk}:
                named.append({member.pk, *mates})
    for member in members:
        application = applications.get(member.user_id)
        memberships = [m for m in member.user.memberships.all() if m.organization_id]
        city = application.city if application else ""
        if not city and memberships:
            assert memberships[0].organization is not None
            city = memberships[0].organization.city
        people.append(
            teaming.Applicant(
                id=member.pk,
                city=city,
                organization=_organization_key(application, member.user),
                specialty=specialty_of(
                    member.user.position or (application.position if application else "")
                ),
            )
        )
        if member.together:
            groups.setdefault(member.together, []).append(member.pk)
    wishes = [ids for ids in groups.values() if len(ids) > 1] + [sorted(ids) for ids in named]
    return people, wishes


def _member_audit(
    member: ProgramMember, *, by: User | None, action: str, changes: dict[str, Any]
) -> None:
    """An audit entry about a member of a programme, named by role, number and programme: the
    person's name stays out of the log, which outlives the person's data."""
    with translation.override(settings.LANGUAGE_CODE):  # stored, as every audit text is
        role = member.get_role_display()
    audit_record(
        actor=by,
        action=action,
        target=member,
        changes=changes,
        target_repr=f"{role} № {member.pk}, {member.program}",
    )


@transaction.atomic
def teams_form(*, program: Program, by: User | None) -> teaming.TeamFormation:
    """Form the teams anew (only while no team has handed anything in) and give them tutors."""
    if Submission.objects.filter(team__program=program).exists():
        raise ProgramError(
            _("The teams already have work in progress; move people between teams by hand.")
        )
    people, wishes = applicants(program)
    if not people:
        raise ProgramError(_("There are no interns yet: accept applications first."))
    try:
        formation = teaming.form_teams(
            applicants=people, min_size=program.team_min, max_size=program.team_max, wishes=wishes
        )
    except ValueError as error:
        raise ProgramError(str(error)) from error
    ProgramMember.objects.filter(program=program, role=Role.INTERN).update(team=None)
    _deleted, by_model = Team.objects.filter(program=program).delete()
    teams_before = by_model.get(Team._meta.label, 0)
    by_id = {p.id: p for p in people}
    teams = [
        Team.objects.create(program=program, number=n) for n in range(1, len(formation.teams) + 1)
    ]
    for team, ids in zip(teams, formation.teams, strict=True):
        ProgramMember.objects.filter(pk__in=ids).update(team=team)
    audit_record(
        actor=by,
        action=Action.TEAMS_FORMED,
        target=program,
        changes={"teams": [teams_before, len(teams)], "interns": [None, len(people)]},
    )
    tutors_assign(
        program=program,
        by=by,
        teams=teams,
        members=[[by_id[i] for i in ids] for ids in formation.teams],
    )
    return formation


@transaction.atomic
def tutors_assign(
    *,
    program: Program,
    by: User | None,
    teams: list[Team] | None = None,
    members: list[list[teaming.Applicant]] | None = None,
) -> None:
    """Give every team a tutor with balanced loads, preferring a tutor from another organisation."""
    teams = teams if teams is not None else list(program.teams.order_by("number"))
    tutor_ids = list(
        ProgramMember.objects.filter(program=program, role=Role.TUTOR).values_list(
            "user_id", flat=True
        )
    )
    if not teams or not tutor_ids:
        return
    if members is None:
        people, _wishes = applicants(program)
        by_member = {p.id: p for p in people}
        members = [
            [by_member[m] for m in team.members.values_list("pk", flat=True) if m in by_member]
            for team in teams
        ]
    homes = dict(
        Membership.objects.filter(user_id__in=tutor_ids, organization__isnull=False)
        .order_by("pk")
        .values_list("user_id", "organization_id")
    )
    chosen = teaming.assign_tutors(members, tutor_ids, tutor_organization=homes)
    changed = 0
    for team, tutor_id in zip(teams, chosen, strict=True):
        if team.tutor_id != tutor_id:
            team.tutor_id = tutor_id
            team.save(update_fields=["tutor"])
            changed += 1
    if changed:
        audit_record(
            actor=by,
            action=Action.TUTORS_ASSIGNED,
            target=program,
            changes={"teams": [None, changed]},
        )


@transaction.atomic
def member_move(*, member: ProgramMember, team: Team | None, by: User | None) -> ProgramMember:
    if team is not None and team.program_id != member.program_id:
        raise ValueError("a team of another programme")
    old = member.team
    if old == team:
        return member
    member.team = team
    member.save(update_fields=["team"])
    _member_audit(
        member,
        by=by,
        action=Action.MOVED,
        changes={"team": [old.number if old else None, team.number if team else None]},
    )
    return member


@transaction.atomic
def team_add(*, program: Program) -> Team:
    last = program.teams.order_by("-number").values_list("number", flat=True).first() or 0
    return Team.objects.create(program=program, number=last + 1)


@transaction.atomic
def team_update(*, team: Team, name: str, tutor: User | None) -> Team:
    team.name = name.strip()
    team.tutor = tutor
    team.save(update_fields=["name", "tutor"])
    return team


@transaction.atomic
def tutor_add(*, program: Program, user: User, by: User | None) -> ProgramMember:
    """A tutor of the programme, registered for its online events as an intern is: a tutor
    goes to them with the teams, and the registration is what opens an event to someone
    outside the organiser's organisation (the programme page links every event)."""
    member, created = ProgramMember.objects.get_or_create(
        program=program, user=user, role=Role.TUTOR
    )
    if created:
        _member_audit(
            member,
            by=by,
            action=Action.CREATED,
            changes={"role": choice_change(Role, None, Role.TUTOR)},
        )
    event_services.registrations_ensure(
        events=Event.objects.filter(program_stages__program=program), user_ids=[user.pk]
    )
    return member


def team_report(*, program: Program) -> teaming.TeamFormation | None:
    """The diversity of the teams as they are now (after manual moves too); None while some
    intern has no team."""
    people, wishes = applicants(program)
    by_team: dict[int, list[int]] = {}
    unplaced = False
    for team_id, member_id in ProgramMember.objects.filter(
        program=program, role=Role.INTERN
    ).values_list("team_id", "pk"):
        if team_id is None:
            unplaced = True
        else:
            by_team.setdefault(team_id, []).append(member_id)
    if unplaced or not by_team:
        return None
    teams = [by_team[t] for t in sorted(by_team)]
    return teaming.evaluate_teams(applicants=people, teams=teams, wishes=wishes)


@transaction.atomic
def coordinator_add(*, program: Program, user: User, by: User | None) -> ProgramMember:
    """Another coordinator of the programme (the author is one from the start)."""
    member, created = ProgramMember.objects.get_or_create(
        program=program, user=user, role=Role.COORDINATOR
    )
    if created:
        _member_audit(
            member,
            by=by,
            action=Action.CREATED,
            changes={"role": choice_change(Role, None, Role.COORDINATOR)},
        )
    return member
