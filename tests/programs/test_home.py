"""«Моя неделя» of those who run programmes: applications waiting for a decision; and the
network overview's programmes with their numbers of interns."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.programs.models import Application, Program, ProgramMember

from .. import factories
from ..conftest import client_for


def _program(world, *, title: str, status=Program.Status.RECRUITING, network=None, organizer=None):
    return Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        title=title,
        organizer=organizer or world.school,
        network=network,
        status=status,
        created_by=world.coordinator,
    )


def _apply(program, n: int, *, status=Application.Status.NEW) -> None:
    for i in range(n):
        factories.application(
            program=program, email=f"applicant{program.pk}-{status}-{i}@example.ru", status=status
        )


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return " ".join(html[start : html.index("</div>", start)].split())


def test_coordinator_sees_new_applications_of_each_programme_with_a_link(world):
    games = _program(
        world, title="Цифровая интернатура «Игровые технологии»", network=world.network
    )
    reading = _program(world, title="Стажировка «Смысловое чтение»", network=world.network)
    _apply(games, 3)
    _apply(games, 2, status=Application.Status.ACCEPTED)
    _apply(reading, 1)
    html = client_for(world.coordinator).get("/").content.decode()
    section = _section(html, "week-applications")
    assert "Заявки ждут решения" in section
    assert f'href="/programs/{games.pk}/applications/?status=new"' in section
    assert "3 новые заявки" in section
    assert "1 новая заявка" in section
    # the programme with more waiting comes first
    assert section.index("Игровые технологии") < section.index("Смысловое чтение")


def test_the_organisers_methodist_sees_applications_of_her_schools_programme(world):
    program = _program(world, title="Стажировочная программа школы")
    _apply(program, 2)
    html = client_for(world.methodist).get("/").content.decode()
    assert "2 новые заявки" in _section(html, "week-applications")


def test_teacher_and_council_do_not_see_applications(world):
    program = _program(world, title="Цифровая интернатура", network=world.network)
    _apply(program, 2)
    for person in (world.teacher, world.council, world.outsider):
        html = client_for(person).get("/").content.decode()
        assert 'data-testid="week-applications"' not in html


def test_drafts_and_decided_applications_are_not_shown(world):
    draft = _program(world, title="Черновик", status=Program.Status.DRAFT, network=world.network)
    _apply(draft, 2)
    decided = _program(world, title="Набор закрыт", network=world.network)
    _apply(decided, 2, status=Application.Status.REJECTED)
    html = client_for(world.coordinator).get("/").content.decode()
    assert 'data-testid="week-applications"' not in html


def test_applications_section_costs_the_same_for_one_and_three_programmes(world):
    client = client_for(world.coordinator)
    _apply(_program(world, title="Первая", network=world.network), 1)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(2):
        _apply(_program(world, title=f"Ещё {n}", network=world.network), 2)
    with CaptureQueriesContext(connection) as three:
        html = client.get("/").content.decode()
    assert html.count('/applications/?status=new"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)


# --- the network overview ---------------------------------------------------------------


def test_council_sees_running_programmes_with_participant_counts_and_no_names(world):
    program = _program(
        world, title="Цифровая интернатура", status=Program.Status.RUNNING, network=world.network
    )
    for n in range(3):
        intern = factories.person(last_name=f"Стажёрова{n}", organization_=world.school)
        ProgramMember.objects.create(program=program, user=intern, role=ProgramMember.Role.INTERN)
    _program(world, title="Набор идёт", network=world.network)
    html = client_for(world.council).get("/").content.decode()
    part = _section(html, "overview-programs")
    assert "1 программа идёт, 3 участника · в наборе: 1" in part
    assert "Цифровая интернатура — 3 участника" in part
    assert "Стажёрова" not in html
    # the council reads the numbers; the programme's pages are its coordinators'
    assert f'href="/programs/{program.pk}/"' not in part
    coordinator_part = _section(
        client_for(world.coordinator).get("/").content.decode(), "overview-programs"
    )
    assert f'href="/programs/{program.pk}/"' in coordinator_part


def test_council_of_one_network_sees_nothing_of_another(world):
    other = factories.network(name="Сеть Б", partners=[world.outside_org])
    _program(world, title="Чужая программа", status=Program.Status.RUNNING, network=other)
    html = client_for(world.council).get("/").content.decode()
    assert "Чужая программа" not in html
    assert 'data-testid="overview-programs"' not in html
    teacher_html = client_for(world.teacher).get("/").content.decode()
    assert 'data-testid="network-overview"' not in teacher_html
