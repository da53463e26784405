"""The events pages: who may see and do what, the catalogue's filters, the organiser's form."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.events.models import Event, EventMaterial, Registration

from .. import factories
from ..conftest import client_for


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# --- the catalogue ------------------------------------------------------------------------


def test_anonymous_visitor_sees_public_events_only(world, client):
    factories.event(organizer=world.school, title="Открытый вебинар")
    factories.event(
        organizer=world.school,
        title="Сетевой семинар",
        network=world.network,
        visibility=Event.Visibility.NETWORK,
    )
    factories.event(
        organizer=world.school,
        title="Педсовет школы",
        visibility=Event.Visibility.ORGANIZATION,
    )
    factories.event(organizer=world.school, title="Черновик", status=Event.Status.DRAFT)
    html = client.get("/events/").content.decode()
    assert "Открытый вебинар" in html
    assert "Сетевой семинар" not in html
    assert "Педсовет школы" not in html
    assert "Черновик" not in html
    assert "Войти" in html


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        ("teacher", {"Открытый вебинар", "Сетевой семинар", "Педсовет школы"}),
        ("kg_teacher", {"Открытый вебинар", "Сетевой семинар"}),
        ("outsider", {"Открытый вебинар"}),
    ],
)
def test_members_see_their_network_and_organisation_events(world, person, sees):
    titles = {"Открытый вебинар", "Сетевой семинар", "Педсовет школы"}
    factories.event(organizer=world.school, title="Открытый вебинар")
    factories.event(
        organizer=world.school,
        title="Сетевой семинар",
        network=world.network,
        visibility=Event.Visibility.NETWORK,
    )
    factories.event(
        organizer=world.school, title="Педсовет школы", visibility=Event.Visibility.ORGANIZATION
    )
    html = client_for(getattr(world, person)).get("/events/").content.decode()
    assert {t for t in titles if t in html} == sees


def test_hidden_event_pages_are_not_found_for_outsiders(world, client):
    event = factories.event(
        organizer=world.school, visibility=Event.Visibility.ORGANIZATION, title="Педсовет"
    )
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert client_for(world.outsider).get(f"/events/{event.pk}/").status_code == 404
    assert client_for(world.outsider).get(f"/events/{event.pk}/event.ics").status_code == 404
    assert client_for(world.teacher).get(f"/events/{event.pk}/").status_code == 200
    draft = factories.event(organizer=world.school, status=Event.Status.DRAFT)
    assert client_for(world.teacher).get(f"/events/{draft.pk}/").status_code == 404
    assert client_for(world.methodist).get(f"/events/{draft.pk}/").status_code == 200


def test_catalogue_filters_by_kind_format_region_audience_text_and_dates(world, client):
    soon = timezone.now() + timedelta(days=1)
    factories.event(organizer=world.school, title="Вебинар о чтении", starts_at=soon)
    factories.event(
        organizer=world.kindergarten,
        title="Мастер-класс по игре",
        kind=Event.Kind.MASTER_CLASS,
        format=Event.Format.OFFLINE,
        place="Зал",
        audience=Event.Audience.PRESCHOOL,
        starts_at=soon + timedelta(days=20),
    )

    def titles(query: str) -> set[str]:
        html = client.get(f"/events/?{query}").content.decode()
        return {t for t in ("Вебинар о чтении", "Мастер-класс по игре") if t in html}

    assert titles("") == {"Вебинар о чтении", "Мастер-класс по игре"}
    assert titles("kind=master_class") == {"Мастер-класс по игре"}
    assert titles("format=online") == {"Вебинар о чтении"}
    assert titles(f"region={world.region_east.pk}") == {"Мастер-класс по игре"}
    assert titles(f"organizer={world.school.pk}") == {"Вебинар о чтении"}
    # "for preschool teachers" includes events for all teachers
    assert titles("audience=preschool") == {"Вебинар о чтении", "Мастер-класс по игре"}
    assert titles("audience=subject") == {"Вебинар о чтении"}
    assert titles("q=чтени") == {"Вебинар о чтении"}
    assert titles("q=ИГРЕ") == {"Мастер-класс по игре"}
    to = (soon + timedelta(days=5)).date().isoformat()
    assert titles(f"date_to={to}") == {"Вебинар о чтении"}
    html = client.get("/events/?date_from=2026-12-10&date_to=2026-12-01").content.decode()
    assert "Конец периода раньше его начала." in html


def test_past_events_are_listed_newest_first_on_request(world, client):
    factories.event(organizer=world.school, title="Давний", starts_in=-timedelta(days=30))
    factories.event(organizer=world.school, title="Недавний", starts_in=-timedelta(days=2))
    assert "Давний" not in client.get("/events/").content.decode()
    html = client.get("/events/?past=1").content.decode()
    assert html.index("Недавний") < html.index("Давний")


@pytest.mark.parametrize("path", ["/events/", "/events/mine/", "/events/run/"])
def test_an_event_is_upcoming_until_it_ends(world, path):
    over = factories.event(  # ended an hour ago, like the 9-hour-old one of the issue
        organizer=world.school,
        title="Закончился",
        starts_in=-timedelta(hours=10),
        duration_minutes=9 * 60,
    )
    on = factories.event(
        organizer=world.school,
        title="Идёт сейчас",
        starts_in=-timedelta(hours=9),
        duration_minutes=10 * 60,
    )
    for event in (over, on):
        factories.registration(event=event, user=world.methodist)

    html = client_for(world.methodist).get(path).content.decode()

    assert "Идёт сейчас" in html
    assert "Закончился" not in html
    past = client_for(world.methodist).get(path, {"past": 1}).content.decode()
    assert "Закончился" in past


def test_lists_say_who_registered_in_words_of_counts_and_of_my_status(world):
    event = factories.event(organizer=world.school, title="Семинар")
    factories.registration(event=event, user=world.methodist)

    mine = client_for(world.methodist).get("/events/mine/").content.decode()
    run = client_for(world.methodist).get("/events/run/").content.decode()

    assert ">Вы записаны</span>" in mine
    assert ">Записались</th>" in run
    assert "Дата регистрации" not in mine + run


def test_catalogue_shows_places_and_my_status(world):
    full = factories.event(organizer=world.school, capacity=1, title="Полный")
    factories.registration(event=full, user=world.colleague)
    mine = factories.event(organizer=world.school, capacity=10, title="Мой")
    factories.registration(event=mine, user=world.teacher)
    html = client_for(world.teacher).get("/events/").content.decode()
    assert "Мест нет — лист ожидания" in html
    assert "Осталось 9 мест" in html
    assert "Вы зарегистрированы" in html


def test_catalogue_query_count_does_not_grow(world):
    client = client_for(world.teacher)
    factories.event(organizer=world.school, capacity=5)
    client.get("/events/")  # the filter's options are cached for a few minutes
    small = _queries(client, "/events/")
    for n in range(8):
        event = factories.event(organizer=world.kindergarten, capacity=3, network=world.network)
        factories.registration(event=event, user=world.teacher if n % 2 else world.colleague)
    assert _queries(client, "/events/") == small


def test_catalogue_answers_htmx_with_the_list_only(world, client):
    factories.event(organizer=world.school, title="Вебинар")
    response = client.get("/events/?kind=webinar", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Вебинар" in html
    assert "<html" not in html


# --- the event page -------------------------------------------------------------------------


def test_event_page_shows_time_in_the_viewers_zone(world):
    event = factories.event(
        organizer=world.school,
        starts_at=timezone.datetime(2026, 12, 3, 10, 0, tzinfo=timezone.get_fixed_timezone(0)),
        time_zone="Europe/Kaliningrad",
    )
    teacher_html = client_for(world.teacher).get(f"/events/{event.pk}/").content.decode()
    kg_html = client_for(world.kg_teacher).get(f"/events/{event.pk}/").content.decode()
    assert "3 декабря 2026, 13:00–14:30" in teacher_html  # Moscow (the teacher's zone)
    assert "3 декабря 2026, 22:00–23:30" in kg_html  # Kamchatka
    assert "Камчатка (UTC+12)" in kg_html
    assert "Время организатора: 3 декабря, 12:00 (Калининград, UTC+2)" in kg_html


def test_anonymous_visitor_is_asked_to_log_in_to_register(world, client):
    event = factories.event(organizer=world.school)
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert "Войдите, чтобы зарегистрироваться" in html
    assert client.post(f"/events/{event.pk}/register/").status_code == 302
    assert not Registration.objects.exists()


def test_register_and_unregister_through_the_page(world):
    event = factories.event(organizer=world.school, capacity=1)
    client = client_for(world.teacher)
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "Вы зарегистрированы. Письмо с подробностями уже в пути." in response.content.decode()
    waiting = client_for(world.colleague).post(f"/events/{event.pk}/register/", follow=True)
    assert "Вы в листе ожидания под номером 1" in waiting.content.decode()
    client.post(f"/events/{event.pk}/unregister/")
    assert Registration.objects.get(user=world.colleague).status == Registration.Status.REGISTERED


def test_registering_for_an_event_one_may_not_see_is_not_found(world):
    event = factories.event(organizer=world.school, visibility=Event.Visibility.ORGANIZATION)
    assert client_for(world.outsider).post(f"/events/{event.pk}/register/").status_code == 404


# --- the organiser's pages ------------------------------------------------------------------


ORGANISER_PAGES = [
    "/events/{pk}/edit/",
    "/events/{pk}/cancel/",
    "/events/{pk}/attendance/",
    "/events/{pk}/attendance.xlsx",
    "/events/{pk}/code/",
    "/events/{pk}/materials/new/",
]


@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_organiser_pages_open_for_those_who_run_the_event(world, path):
    event = factories.event(organizer=world.school, network=world.network)
    for person in (world.methodist, world.manager, world.coordinator, world.superuser):
        assert client_for(person).get(path.format(pk=event.pk)).status_code == 200, person


@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_organiser_pages_are_refused_to_participants_and_outsiders(world, path):
    event = factories.event(organizer=world.school)
    assert client_for(world.teacher).get(path.format(pk=event.pk)).status_code == 403
    assert client_for(world.outsider).get(path.format(pk=event.pk)).status_code == 403
    hidden = factories.event(organizer=world.school, visibility=Event.Visibility.ORGANIZATION)
    assert client_for(world.outsider).get(path.format(pk=hidden.pk)).status_code == 404


def test_posts_of_the_organiser_are_refused_to_others(world):
    event = factories.event(organizer=world.school)
    registration = factories.registration(event=event, user=world.teacher)
    material = EventMaterial.objects.create(event=event, title="Слайды", url="https://x.ru/a")
    teacher = client_for(world.teacher)
    assert teacher.post(f"/events/{event.pk}/cancel/").status_code == 403
    assert (
        teacher.post(f"/events/{event.pk}/attendance/{registration.pk}/", {"attended": "1"})
    ).status_code == 403
    assert teacher.post(f"/events/{event.pk}/materials/{material.pk}/delete/").status_code == 403
    assert teacher.post(f"/events/{event.pk}/code/").status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert EventMaterial.objects.filter(pk=material.pk).exists()


def test_only_those_who_run_events_may_create_them_or_see_their_list(world):
    assert client_for(world.teacher).get("/events/new/").status_code == 403
    assert client_for(world.teacher).get("/events/run/").status_code == 403
    assert client_for(world.methodist).get("/events/new/").status_code == 200
    assert client_for(world.coordinator).get("/events/run/").status_code == 200


def _form(world, **overrides):
    data = {
        "title": "Вебинар о формирующем оценивании",
        "kind": "webinar",
        "format": "online",
        "description": "",
        "organizer": world.school.pk,
        "network": "",
        "visibility": "public",
        "audience": "all",
        "date": "2026-12-10",
        "start_time": "15:00",
        "time_zone": "Europe/Kaliningrad",
        "duration_minutes": "90",
        "place": "",
        "provider": "link",
        "meeting_url": "https://telemost.yandex.ru/j/555",
        "capacity": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "hours": "2",
        "competencies": "оценивание",
        "publish": "on",
    }
    data.update(overrides)
    return data


def test_methodist_creates_an_event_in_her_zone(world):
    response = client_for(world.methodist).post("/events/new/", _form(world))
    event = Event.objects.get()
    assert response["Location"] == f"/events/{event.pk}/"
    assert event.starts_at == timezone.datetime(
        2026, 12, 10, 13, 0, tzinfo=timezone.get_fixed_timezone(0)
    )
    assert event.created_by == world.methodist
    assert event.status == Event.Status.PUBLISHED


def test_bad_event_form_shows_russian_errors_and_keeps_what_was_typed(world):
    data = _form(
        world,
        provider="link",
        meeting_url="",
        format="hybrid",
        place="",
        capacity="0",
        registration_opens_at="2026-12-09T10:00",
        registration_closes_at="2026-12-08T10:00",
    )
    response = client_for(world.methodist).post("/events/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Вставьте ссылку на встречу." in html
    assert "Укажите место проведения." in html
    assert "Регистрация должна закрываться позже, чем открывается." in html
    assert 'value="Вебинар о формирующем оценивании"' in html
    assert 'value="оценивание"' in html
    assert not Event.objects.exists()


def test_a_teacher_cannot_hold_an_event_for_another_organisation(world):
    response = client_for(world.methodist).post(
        "/events/new/", _form(world, organizer=world.outside_org.pk)
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Event.objects.exists()


def test_weekly_series_through_the_form(world):
    response = client_for(world.methodist).post(
        "/events/new/",
        _form(
            world,
            title="Методический четверг",
            kind="community_meeting",
            date="2026-12-03",
            repeat="on",
            repeat_until="2027-01-28",
            repeat_interval="1",
            repeat_except="31.12.2026, 07.01.2027",
        ),
    )
    assert response.status_code == 302
    events = list(Event.objects.order_by("starts_at"))
    assert len(events) == 9 - 2
    assert all(e.series_id == events[0].series_id for e in events)
    assert {
        timezone.localtime(e.starts_at, timezone.get_fixed_timezone(120)).hour for e in events
    } == {15}


def test_editing_keeps_the_local_time_and_moves_the_event(world):
    client = client_for(world.methodist)
    client.post("/events/new/", _form(world))
    event = Event.objects.get()
    page = client.get(f"/events/{event.pk}/edit/").content.decode()
    assert 'value="15:00"' in page
    assert 'value="2026-12-10"' in page
    client.post(f"/events/{event.pk}/edit/", _form(world, start_time="16:30"))
    event.refresh_from_db()
    assert event.starts_at == timezone.datetime(
        2026, 12, 10, 14, 30, tzinfo=timezone.get_fixed_timezone(0)
    )
    assert event.sequence == 1


def test_material_upload_checks_type_and_size(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVENT_MATERIAL_MAX_BYTES = 1000
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = factories.event(organizer=world.school)
    client = client_for(world.methodist)
    big = SimpleUploadedFile("slides.pdf", b"%PDF" + b"x" * 2000)
    response = client.post(f"/events/{event.pk}/materials/new/", {"title": "Слайды", "file": big})
    assert "Файл больше 0 МБ." in response.content.decode() or "больше" in response.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(f"/events/{event.pk}/materials/new/", {"title": "Слайды", "file": exe})
    assert "Файлы такого типа прикрепить нельзя" in response.content.decode()
    assert 'value="Слайды"' in response.content.decode()
    ok = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 small")
    client.post(f"/events/{event.pk}/materials/new/", {"title": "Слайды", "file": ok})
    material = EventMaterial.objects.get()
    assert material.file.name.endswith(".pdf")
    assert "Слайды" in client_for(world.teacher).get(f"/events/{event.pk}/").content.decode()


# --- lists of one's own -------------------------------------------------------------------


def test_my_events_and_managed_list_query_counts_do_not_grow(world):
    teacher = client_for(world.teacher)
    methodist = client_for(world.methodist)
    first = factories.event(organizer=world.school)
    factories.registration(event=first, user=world.teacher)
    teacher.get("/events/mine/")  # the first visit makes the calendar address
    mine, run = _queries(teacher, "/events/mine/"), _queries(methodist, "/events/run/")
    attendance = _queries(methodist, f"/events/{first.pk}/attendance/")
    for person in (world.colleague, world.kg_teacher, world.manager):
        event = factories.event(organizer=world.school)
        factories.registration(event=event, user=world.teacher)
        factories.registration(event=first, user=person)
    assert _queries(teacher, "/events/mine/") == mine
    assert _queries(methodist, "/events/run/") == run
    assert _queries(methodist, f"/events/{first.pk}/attendance/") == attendance


def test_home_shows_my_events_of_the_week_in_my_zone(world):
    event = factories.event(
        organizer=world.school,
        title="Вебинар на неделе",
        starts_at=timezone.now().replace(hour=6, minute=0, second=0, microsecond=0)
        + timedelta(days=2),
    )
    factories.registration(event=event, user=world.kg_teacher)
    html = client_for(world.kg_teacher).get("/").content.decode()
    assert "Вебинар на неделе" in html
    assert "18:00" in html  # 06:00 UTC in Kamchatka
    far = factories.event(organizer=world.school, title="Через месяц", starts_in=timedelta(days=30))
    factories.registration(event=far, user=world.kg_teacher)
    assert "Через месяц" not in client_for(world.kg_teacher).get("/").content.decode()


def test_home_query_count_does_not_grow_with_events(world):
    client = client_for(world.teacher)
    small = _queries(client, "/")
    for n in range(5):
        event = factories.event(organizer=world.school, starts_in=timedelta(days=1, hours=n))
        factories.registration(event=event, user=world.teacher)
    assert _queries(client, "/") == small


def test_a_registered_person_sees_a_hidden_event_they_are_in(world):
    event = factories.event(
        organizer=world.school, visibility=Event.Visibility.ORGANIZATION, title="Занятие интернов"
    )
    client = client_for(world.outsider)
    assert client.get(f"/events/{event.pk}/").status_code == 404
    factories.registration(event=event, user=world.outsider)
    assert client.get(f"/events/{event.pk}/").status_code == 200
    assert "Занятие интернов" in client.get("/events/").content.decode()
