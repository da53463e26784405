"""A digital internship in progress, shared by the programmes' tests.

Eight interns of four organisations in two regions form two teams of four; each team has a
tutor. The programme was made from the seed-000 scheme by the network coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from metodset.accounts.models import Membership, User
from metodset.programs import services
from metodset.programs.models import Program, ProgramMember, Stage, Team

from .. import factories

Role = ProgramMember.Role


@dataclass
class Internship:
    program: Program
    coordinator: User
    tutors: list[User]
    teams: list[Team]
    interns: list[User]  # interns[0:4] in teams[0], interns[4:8] in teams[1]
    outsider_intern: User  # an intern of another programme

    def stage(self, kind: str) -> Stage:
        return self.program.stages.get(kind=kind)


@pytest.fixture
def internship(world) -> Internship:
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        title="Цифровая интернатура «Игровые технологии»",
        starts_on=timezone.localdate() - timedelta(days=15),
    )
    services.program_publish(program=program)
    services.program_start(program=program)
    tutors = [
        factories.person(
            email=f"tutor{n}@example.ru",
            organization_=world.kindergarten,
            role=Membership.Role.METHODIST,
            last_name=last,
            first_name="Наталья",
            middle_name="Олеговна",
        )
        for n, last in enumerate(["Морозова", "Лебедева"], start=1)
    ]
    for tutor in tutors:
        ProgramMember.objects.create(program=program, user=tutor, role=Role.TUTOR)
    teams = [
        Team.objects.create(program=program, number=n, tutor=tutor, name=name)
        for n, (tutor, name) in enumerate(zip(tutors, ["Радуга", "Солнце"], strict=True), start=1)
    ]
    orgs = [world.school, world.kindergarten, factories.organization(), factories.organization()]
    interns = []
    for n in range(8):
        person = factories.person(
            email=f"intern{n}@example.ru",
            organization_=orgs[n % 4],
            last_name=f"Интернова{n}",
            first_name="Мария",
            middle_name="Ивановна",
        )
        ProgramMember.objects.create(
            program=program, user=person, role=Role.INTERN, team=teams[n // 4]
        )
        interns.append(person)
    other = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        title="Другая интернатура",
    )
    outsider_intern = factories.person(email="other-intern@example.ru", organization_=world.school)
    ProgramMember.objects.create(program=other, user=outsider_intern, role=Role.INTERN)
    return Internship(
        program=program,
        coordinator=world.coordinator,
        tutors=tutors,
        teams=teams,
        interns=interns,
        outsider_intern=outsider_intern,
    )


def finish_in_the_past(program: Program) -> Program:
    """Move the programme back in time, by whole days, until its last event ended yesterday
    or earlier: a programme's completion and certificates wait for its end."""
    from metodset.events.models import Event
    from metodset.programs.models import Assignment
    from metodset.programs.services.completion import completion_opens_at

    last = completion_opens_at(program=program)
    assert last is not None
    shift = timedelta(days=max((last - timezone.now()).days + 2, 0))
    for event in Event.objects.filter(program_stages__program=program):
        event.starts_at -= shift
        event.save(update_fields=["starts_at"])
    for stage in program.stages.all():
        stage.starts_on = stage.starts_on and stage.starts_on - shift
        stage.ends_on = stage.ends_on and stage.ends_on - shift
        stage.save(update_fields=["starts_on", "ends_on"])
    for task in Assignment.objects.filter(stage__program=program).exclude(due_at=None):
        task.due_at -= shift
        task.save(update_fields=["due_at"])
    program.starts_on = program.starts_on and program.starts_on - shift
    program.ends_on = program.ends_on and program.ends_on - shift
    program.save(update_fields=["starts_on", "ends_on"])
    return program
