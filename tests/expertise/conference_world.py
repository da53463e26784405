"""A conference of an internship-site programme for the conference tests: real rows, made
through the services.

Four trainees of the programme in two teams; the call for papers holds a paper of each team
(accepted); a section «Цифровые инструменты» is moderated by the school's methodist with two
experts on the jury; the first paper is scheduled at 10:00 UTC tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from metodset.accounts.models import User
from metodset.expertise.models import Conference, Defence, Item, Section
from metodset.expertise.services import conference as services
from metodset.programs import services as program_services
from metodset.programs.models import Program, ProgramMember, Team

from .. import factories
from . import factories as expertise


@dataclass
class ConferenceWorld:
    program: Program
    conference: Conference
    section: Section
    moderator: User
    jurors: list[User]
    trainees: list[User]
    papers: list[Item]
    defence: Defence


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.now().date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def conference_world(world) -> ConferenceWorld:
    program = program_services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.INTERNSHIP_SITE,
        organizer=world.school,
        network=world.network,
        title="Стажировочная площадка «АСУ качеством образования»",
    )
    program.rules.all().delete()  # only the conference's condition counts in these tests
    teams = [Team.objects.create(program=program, number=n) for n in (1, 2)]
    trainees = []
    for n in range(4):
        person = factories.person(
            email=f"trainee{n}@example.ru",
            organization_=world.school if n % 2 else world.kindergarten,
            last_name=["Иванова", "Петрова", "Сидорова", "Орлова"][n],
            first_name="Анна",
            middle_name="Сергеевна",
        )
        ProgramMember.objects.create(
            program=program, user=person, role=ProgramMember.Role.INTERN, team=teams[n // 2]
        )
        trainees.append(person)
    rubric = expertise.rubric(network=world.network, title="Критерии оценки защиты")
    conference = services.conference_create(
        network=world.network,
        title="Научно-практическая конференция стажёров",
        starts_at=tomorrow_at(9),
        ends_at=tomorrow_at(15),
        by=world.coordinator,
        rubric=rubric,
        organization=world.school,
        program=program,
        place="Актовый зал",
        defence_required=True,
    )
    jurors = [expertise.expert(network=world.network, last_name=n) for n in ("Лебедева", "Кравец")]
    section = services.section_add(
        conference=conference,
        title="Цифровые инструменты управления качеством",
        by=world.coordinator,
        moderator=world.methodist,
        jury=jurors,
        room="Ауд. 12",
    )
    assert conference.call_for_papers is not None
    papers = [
        expertise.item(
            campaign_=conference.call_for_papers,
            authors=trainees[0:2],
            title="Мониторинг качества образования в ОУ средствами АСУ",
            status=Item.Status.ACCEPTED,
        ),
        expertise.item(
            campaign_=conference.call_for_papers,
            authors=trainees[2:4],
            title="Электронный журнал как инструмент управления",
            status=Item.Status.ACCEPTED,
        ),
    ]
    defence = services.defence_schedule(
        section=section, item=papers[0], starts_at=tomorrow_at(10), by=world.coordinator
    )
    return ConferenceWorld(
        program=program,
        conference=conference,
        section=section,
        moderator=world.methodist,
        jurors=jurors,
        trainees=trainees,
        papers=papers,
        defence=defence,
    )
