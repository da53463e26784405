"""Recruitment: the public invitation page, applications, the coordinator's decisions."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import dateformat, timezone, translation

from metodset.accounts.models import User
from metodset.events.models import Event, Registration
from metodset.programs import services
from metodset.programs.models import Application, Program, ProgramMember

from .. import factories
from ..conftest import client_for


@pytest.fixture
def recruiting(world):
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        title="Цифровая интернатура «Смысловое чтение»",
        starts_on=timezone.localdate() + timedelta(days=10),
    )
    program.applications_open_on = timezone.localdate() - timedelta(days=1)
    program.save()
    services.program_publish(program=program)
    return program


def _newcomer(**overrides):
    data = {
        "last_name": "Соколова",
        "first_name": "Дарья",
        "middle_name": "Андреевна",
        "email": "Sokolova@Example.ru",
        "organization": "",
        "organization_name": "МБДОУ «Детский сад № 7» г. Омска",
        "position": "воспитатель",
        "city": "Омск",
        "motivation": "Хочу научиться проводить онлайн-встречи с родителями.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_invitation_page_has_an_opengraph_card_and_the_scheme(client, recruiting):
    html = client.get(f"/programs/{recruiting.pk}/join/").content.decode()
    assert '<meta property="og:title" content="Цифровая интернатура «Смысловое чтение»">' in html
    assert 'property="og:description"' in html
    assert "Первый этап: проблематизация и погружение" in html
    assert "Отправить заявку" in html


def test_a_draft_programme_has_no_invitation_page(client, world):
    draft = services.program_create_from_scheme(
        by=world.coordinator, kind=Program.Kind.DIGITAL_INTERNSHIP, organizer=world.school
    )
    assert client.get(f"/programs/{draft.pk}/join/").status_code == 404


def test_a_newcomer_applies_and_gets_a_letter(
    client, recruiting, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/{recruiting.pk}/join/", _newcomer())
    assert response["Location"] == f"/programs/{recruiting.pk}/join/sent/"
    application = Application.objects.get()
    assert application.email == "sokolova@example.ru"
    assert application.status == Application.Status.NEW
    assert application.consent_version
    [letter] = smtp.wait_for(1)
    assert "Уважаемая Дарья Андреевна" in smtp.text_of(letter)
    assert letter["Subject"].strip() == f"Заявка получена: {recruiting.title}"


def test_a_duplicate_application_is_caught_and_the_form_keeps_what_was_typed(client, recruiting):
    client.post(f"/programs/{recruiting.pk}/join/", _newcomer())
    response = client.post(
        f"/programs/{recruiting.pk}/join/", _newcomer(email="sokolova@example.ru", city="Тара")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Заявка с адреса sokolova@example.ru уже получена" in html
    assert 'value="Тара"' in html
    assert Application.objects.count() == 1


def test_missing_fields_and_consent_are_named_in_russian(client, recruiting):
    response = client.post(
        f"/programs/{recruiting.pk}/join/",
        _newcomer(consent="", organization_name="", last_name=""),
    )
    html = response.content.decode()
    assert "Без согласия мы не можем принять заявку." in html
    assert "Выберите организацию в списке или впишите её название." in html
    assert 'value="Омск"' in html
    assert not Application.objects.exists()


def test_a_signed_in_teacher_applies_in_one_click(world, recruiting):
    world.teacher.time_zone = "Asia/Omsk"  # not her school's Kaliningrad: her own choice
    world.teacher.save()
    client = client_for(world.teacher)
    page = client.get(f"/programs/{recruiting.pk}/join/").content.decode()
    assert 'name="last_name"' not in page
    assert 'name="time_zone"' not in page
    assert 'name="consent"' in page  # she has not consented on the platform yet
    client.post(f"/programs/{recruiting.pk}/join/", {"motivation": "Интересно", "consent": "on"})
    application = Application.objects.get()
    assert application.user == world.teacher
    assert application.organization == world.school
    assert application.city == world.school.city
    assert application.time_zone == world.teacher.time_zone  # her account's, not asked again
    html = client.get(f"/programs/{recruiting.pk}/join/").content.decode()
    assert 'data-testid="already-applied"' in html


def test_applications_are_refused_when_closed(client, recruiting):
    recruiting.applications_close_on = timezone.localdate() - timedelta(days=1)
    recruiting.save()
    html = client.get(f"/programs/{recruiting.pk}/join/").content.decode()
    assert "Приём заявок закрыт." in html
    response = client.post(f"/programs/{recruiting.pk}/join/", _newcomer())
    assert not Application.objects.exists()
    assert response.status_code == 400


def test_accepting_creates_the_account_registers_for_the_events_and_writes(
    world, recruiting, smtp, django_capture_on_commit_callbacks
):
    services.application_submit(
        program=recruiting, consent_given=True, **{
            k: v for k, v in _newcomer().items() if k not in ("consent", "organization")
        },
    )  # fmt: skip
    application = Application.objects.get()
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.coordinator).post(
            f"/programs/{recruiting.pk}/applications/",
            {"decision": "accepted", "applications": [application.pk]},
        )
    assert response.status_code == 302
    person = User.objects.get(email="sokolova@example.ru")
    assert person.consent_given_at is not None
    assert not person.has_usable_password()
    assert ProgramMember.objects.filter(program=recruiting, user=person, role="intern").exists()
    assert Registration.objects.filter(user=person, status="registered").count() == 3
    [letter] = smtp.wait_for(1)
    text = smtp.text_of(letter)
    assert letter["Subject"].strip() == f"Вы приняты: {recruiting.title}"
    assert "Онлайн-событие 1. Проблематизация и погружение" in text
    assert "/password/set/" in text
    assert "(Омск, UTC+6)" in text  # the zone of the city she typed
    assert person.time_zone == "Asia/Omsk"


def test_capacity_is_respected_and_the_rest_are_named(world, recruiting):
    recruiting.capacity = 1
    recruiting.save()
    for n in range(2):
        services.application_submit(
            program=recruiting, email=f"a{n}@example.ru", last_name="Иванова", first_name="Анна",
            city="Омск", organization_name="Школа", consent_given=True,
        )  # fmt: skip
    applications = list(Application.objects.all())
    result = services.applications_decide(
        program=recruiting, applications=applications, decision="accepted", by=world.coordinator
    )
    assert len(result.done) == 1
    assert [reason for _a, reason in result.refused] == ["мест нет"]


def test_reject_and_waitlist_write_to_the_applicant(
    world, recruiting, smtp, django_capture_on_commit_callbacks
):
    for n in range(2):
        services.application_submit(
            program=recruiting, email=f"b{n}@example.ru", last_name="Иванова", first_name="Анна",
            middle_name="Петровна", city="Омск", organization_name="Школа", consent_given=True,
        )  # fmt: skip
    first, second = Application.objects.order_by("pk")
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.applications_decide(
            program=recruiting, applications=[first], decision="rejected", by=world.coordinator
        )
        services.applications_decide(
            program=recruiting, applications=[second], decision="waitlisted", by=world.coordinator
        )
    subjects = sorted(m["Subject"].strip() for m in smtp.wait_for(2))
    assert subjects == [
        f"Вы в листе ожидания: {recruiting.title}",
        f"О вашей заявке: {recruiting.title}",
    ]


def test_only_coordinators_see_and_decide_applications(world, recruiting):
    services.application_submit(
        program=recruiting, email="c@example.ru", last_name="Иванова", first_name="Анна",
        city="Омск", organization_name="Школа", consent_given=True,
    )  # fmt: skip
    application = Application.objects.get()
    url = f"/programs/{recruiting.pk}/applications/"
    assert client_for(world.coordinator).get(url).status_code == 200
    assert client_for(world.methodist).get(url).status_code == 200  # staff of the organiser
    assert client_for(world.teacher).get(url).status_code == 404
    assert (
        client_for(world.outsider)
        .post(url, {"decision": "accepted", "applications": [application.pk]})
        .status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_application_list_query_count_does_not_grow(world, recruiting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/programs/{recruiting.pk}/applications/").status_code == 200
        return len(ctx.captured_queries)

    factories.application_sent(program=recruiting, organization=factories.organization())
    small = count()
    for _n in range(1, 6):
        factories.application_sent(program=recruiting, organization=factories.organization())
    assert count() == small


# --- time zones -------------------------------------------------------------------------


def test_the_form_offers_zones_named_by_cities_and_refuses_an_unknown_one(client, recruiting):
    page = client.get(f"/programs/{recruiting.pk}/join/").content.decode()
    assert '<option value="Asia/Novosibirsk">Новосибирск (UTC+7)</option>' in page
    assert "— по городу —" in page
    assert 'id="zone-hints"' in page  # the table the page's script pre-fills the zone from
    response = client.post(f"/programs/{recruiting.pk}/join/", _newcomer(time_zone="Europe/Paris"))
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Application.objects.exists()


def test_an_empty_zone_is_taken_from_the_city_then_the_organisation(client, world, recruiting):
    client.post(f"/programs/{recruiting.pk}/join/", _newcomer(city="г. Владивосток"))
    client.post(
        f"/programs/{recruiting.pk}/join/",
        _newcomer(
            email="p@example.ru", city="пос. Озёрный", organization=world.kindergarten.pk,
            organization_name="",
        ),
    )  # fmt: skip
    client.post(
        f"/programs/{recruiting.pk}/join/",
        _newcomer(email="m@example.ru", city="Тара", organization_name="Школа № 3"),
    )
    zones = dict(Application.objects.values_list("email", "time_zone"))
    assert zones == {
        "sokolova@example.ru": "Asia/Vladivostok",
        "p@example.ru": "Asia/Kamchatka",  # her kindergarten's region
        "m@example.ru": "Europe/Moscow",  # nothing known about Тара: Moscow time
    }


def test_applicants_from_three_zones_read_the_first_event_in_their_own_zone(
    client, world, recruiting, smtp, django_capture_on_commit_callbacks
):
    """Kaliningrad, Novosibirsk and Vladivostok, none in a partner organisation: one instant,
    three local times, each named, Vladivostok's on the next day."""
    first = Event.objects.filter(program_stages__program=recruiting).order_by("starts_at")[0]
    day = timezone.now().date() + timedelta(days=5)
    first.starts_at = datetime.combine(day, time(16, 0), tzinfo=UTC)  # 19:00 in Moscow
    first.save()
    applicants = {
        "kaliningrad@example.ru": {"city": "Калининград", "time_zone": ""},
        "novosibirsk@example.ru": {"city": "г. Новосибирск", "time_zone": ""},
        # a town the table does not know: she chooses her zone herself
        "artem@example.ru": {"city": "Артём", "time_zone": "Asia/Vladivostok"},
    }
    for email, place in applicants.items():
        response = client.post(
            f"/programs/{recruiting.pk}/join/",
            _newcomer(email=email, organization_name="Школа не из сети", **place),
        )
        assert response.status_code == 302
    applications = list(Application.objects.order_by("pk"))
    assert all(a.organization is None for a in applications)
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.coordinator).post(
            f"/programs/{recruiting.pk}/applications/",
            {"decision": "accepted", "applications": [a.pk for a in applications]},
        )
    letters = {m["To"]: smtp.text_of(m) for m in smtp.wait_for(3)}
    expected = {
        "kaliningrad@example.ru": ("Europe/Kaliningrad", day, "18:00 (Калининград, UTC+2)"),
        "novosibirsk@example.ru": ("Asia/Novosibirsk", day, "23:00 (Новосибирск, UTC+7)"),
        "artem@example.ru": (
            "Asia/Vladivostok", day + timedelta(days=1), "02:00 (Владивосток, UTC+10)"
        ),
    }  # fmt: skip
    for email, (zone, local_day, clock) in expected.items():
        with translation.override("ru"):
            date_text = dateformat.format(local_day, "j E Y")
        assert f"{date_text}, {clock}" in letters[email], letters[email]
        assert "Москва" not in letters[email]
        assert User.objects.get(email=email).time_zone == zone
    assert (
        "Время в наших письмах и на страницах указано в вашем часовом поясе — "
        "Новосибирск (UTC+7); изменить его можно в профиле: http"
    ) in letters["novosibirsk@example.ru"]
