"""Words a methodist reads on the programme pages: интернатура is not стажировка, counts agree."""

from datetime import timedelta

from django.utils import timezone

from metodset.events.models import Event
from metodset.programs import services
from metodset.programs.models import Program, Stage
from metodset.routes.services import module_activity

from ..conftest import client_for


def _programme(world, kind: str) -> Program:
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=kind,
        organizer=world.school,
        network=world.network,
        starts_on=timezone.localdate(),
    )
    services.program_publish(program=program)
    return program


def _event_of(program: Program, by) -> Event:
    return services.stage_event_add(
        stage=program.stages.first(),
        by=by,
        title="Занятие",
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=90,
        provider=Event.Provider.LINK,
        meeting_url="https://telemost.yandex.ru/j/1",
    )


def test_dashboard_heads_counts_of_people_in_the_plural(world, internship):
    html = client_for(world.coordinator).get(f"/programs/{internship.program.pk}/dashboard/")

    text = html.content.decode()
    assert ">Записались</th>" in text
    assert ">Присутствовали</th>" in text
    assert "Дата регистрации" not in text


def test_team_sizes_agree_with_the_larger_number(world):
    program = _programme(world, Program.Kind.INTERNSHIP_SITE)
    program.team_min, program.team_max = 3, 6
    program.save()
    html = client_for(world.coordinator).get(f"/programs/{program.pk}/teams/").content.decode()
    assert "Сформировать команды по 3–6 человек автоматически" in html

    program.team_max = 4
    program.save()
    html = client_for(world.coordinator).get(f"/programs/{program.pk}/teams/").content.decode()
    assert "Сформировать команды по 3–4 человека автоматически" in html


def test_completion_conditions_read_as_words_not_formulas(world):
    program = _programme(world, Program.Kind.DIGITAL_INTERNSHIP)
    rule = program.rules.get(kind="events_attended")
    rule.count = 2
    rule.save()

    html = client_for(world.coordinator).get(f"/programs/{program.pk}/completion/")

    text = html.content.decode()
    assert "посещено не менее 2 событий программы" in text
    assert "N = " not in text


def test_events_and_modules_are_named_by_the_programmes_kind(world):
    internship = _programme(world, Program.Kind.DIGITAL_INTERNSHIP)
    site = _programme(world, Program.Kind.INTERNSHIP_SITE)
    network = _programme(world, Program.Kind.NETWORK_INTERNSHIP)

    assert _event_of(internship, world.coordinator).get_kind_display() == "занятие интернатуры"
    assert _event_of(site, world.coordinator).get_kind_display() == "занятие стажировки"
    assert network.get_kind_display() == "сетевая неформальная интернатура"
    module = network.stages.filter(kind=Stage.Kind.MODULE).first()
    assert module_activity(stage=module).form_label == "модуль сетевой интернатуры"
    site_module = site.stages.filter(kind=Stage.Kind.MODULE).first()
    assert module_activity(stage=site_module).form_label == "модуль программы стажировки"


def test_an_internship_site_programme_calls_nobody_an_intern(world):
    program = _programme(world, Program.Kind.INTERNSHIP_SITE)
    client = client_for(world.coordinator)

    for page in ("", "applications/", "completion/"):
        html = client.get(f"/programs/{program.pk}/{page}").content.decode()
        assert "интерн" not in html.lower().replace("интернатур", ""), page
    assert (
        "Принято 0 стажёров" in client.get(f"/programs/{program.pk}/applications/").content.decode()
    )


def test_presentation_sessions_are_called_project_defences(world, internship):
    html = client_for(world.coordinator).get(f"/programs/{internship.program.pk}/sessions/")

    text = html.content.decode()
    assert "Защита проектов" in text
    assert "Сесси" not in text


def test_the_feedback_page_of_an_internship_site_names_trainees(world):
    program = _programme(world, Program.Kind.INTERNSHIP_SITE)
    services.team_add(program=program)
    client = client_for(world.coordinator)
    html = client.get(f"/programs/{program.pk}/feedback/").content.decode()
    assert "Обратная связь командам и стажёрам" in html
    assert "интерн" not in html.lower().replace("интернатур", "")
