"""Attendance: check-in with the organiser's code, marks in the table, the XLSX list."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from metodset.events import services
from metodset.events.models import Registration

from .. import factories
from ..conftest import client_for


@pytest.fixture(autouse=True)
def _clear_attempts(db):
    cache.clear()


def _live(world, **fields):
    return factories.event(organizer=world.school, starts_in=-timedelta(minutes=10), **fields)


def test_participant_checks_in_with_the_code(world):
    event = _live(world)
    factories.registration(event=event, user=world.teacher)
    client = client_for(world.teacher)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="check-in"' in page
    response = client.post(f"/events/{event.pk}/check-in/", {"code": event.check_in_code})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, user=world.teacher)
    assert registration.attended_at is not None
    assert "Вы отмечены" in client.get(f"/events/{event.pk}/").content.decode()


def test_wrong_code_is_refused_next_to_the_field_and_the_code_stays(world):
    event = _live(world)
    factories.registration(event=event, user=world.teacher)
    wrong = "000000" if event.check_in_code != "000000" else "111111"
    response = client_for(world.teacher).post(f"/events/{event.pk}/check-in/", {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Неверный код. Сверьтесь с кодом на экране организатора." in html
    assert f'value="{wrong}"' in html
    assert not Registration.objects.get(event=event, user=world.teacher).attended_at


def test_too_many_wrong_codes_stop_guessing(world):
    event = _live(world)
    for _ in range(services.WRONG_CODE_LIMIT):
        with pytest.raises(services.EventError):
            services.attendance_check_in(event=event, user=world.teacher, code="999999x"[:6])
    with pytest.raises(services.EventError, match="Слишком много неверных кодов"):
        services.attendance_check_in(event=event, user=world.teacher, code=event.check_in_code)


def test_check_in_is_only_open_during_the_event(world):
    event = factories.event(organizer=world.school, starts_in=timedelta(hours=2))
    with pytest.raises(services.EventError, match="Отметить посещение можно с начала"):
        services.attendance_check_in(event=event, user=world.teacher, code=event.check_in_code)
    assert (
        'data-testid="check-in"'
        not in client_for(world.teacher).get(f"/events/{event.pk}/").content.decode()
    )
    event.starts_at = timezone.now() - timedelta(hours=3)  # ended two hours ago
    event.save()
    with pytest.raises(services.EventError, match="только во время мероприятия"):
        services.attendance_check_in(event=event, user=world.teacher, code=event.check_in_code)


def test_check_in_waits_for_the_start_and_says_when_in_the_readers_zone(world):
    """The room opens a quarter of an hour early; the check-in only at the start."""
    world.teacher.time_zone = "Asia/Novosibirsk"
    world.teacher.save()
    start = datetime(2026, 12, 27, 7, 0, tzinfo=UTC)
    event = factories.event(organizer=world.school, starts_in=timedelta(days=1))
    event.starts_at = start
    event.save()
    factories.registration(event=event, user=world.teacher)
    with time_machine.travel(start - timedelta(minutes=10), tick=False):
        client = client_for(world.teacher)
        page = client.get(f"/events/{event.pk}/").content.decode()
        assert 'data-testid="check-in"' in page
        assert "Отметить посещение можно с начала мероприятия: 27 декабря, 14:00" in page
        assert 'disabled aria-describedby="check-in-not-yet"' in page
        response = client.post(f"/events/{event.pk}/check-in/", {"code": event.check_in_code})
        assert response.status_code == 400
        assert "(Новосибирск, UTC+7)" in response.content.decode()
        assert not Registration.objects.get(event=event, user=world.teacher).attended_at
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        response = client.post(f"/events/{event.pk}/check-in/", {"code": event.check_in_code})
        assert response.status_code == 302
        assert Registration.objects.get(event=event, user=world.teacher).attended_at == (
            start + timedelta(minutes=1)
        )


def test_the_organiser_cannot_mark_anyone_present_before_the_start(world):
    world.methodist.time_zone = "Europe/Moscow"
    world.methodist.save()
    start = datetime(2026, 12, 27, 7, 0, tzinfo=UTC)
    event = factories.event(organizer=world.school, starts_in=timedelta(days=1))
    event.starts_at = start
    event.save()
    registration = factories.registration(event=event, user=world.teacher)
    url = f"/events/{event.pk}/attendance/{registration.pk}/"
    message = "Отметить посещение можно с начала мероприятия: 27 декабря, 10:00 (Москва, UTC+3)."
    with time_machine.travel(start - timedelta(days=21), tick=False):
        client = client_for(world.methodist)
        page = client.get(f"/events/{event.pk}/attendance/").content.decode()
        assert message in page
        assert 'disabled aria-describedby="attendance-not-yet"' in page
        with pytest.raises(services.EventError, match="с начала мероприятия"):
            services.attendance_mark(registration=registration, attended=True, by=world.methodist)
        response = client.post(url, {"attended": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        assert response.content.decode() == message
        response = client.post(url, {"attended": "1"}, follow=True)
        assert message in response.content.decode()
        registration.refresh_from_db()
        assert registration.attended_at is None
    with time_machine.travel(start, tick=False):
        client = client_for(world.methodist)
        assert client.post(url, {"attended": "1"}, HTTP_HX_REQUEST="true").status_code == 200
        registration.refresh_from_db()
        assert registration.attended_at == start


def test_someone_who_came_without_registering_is_registered_and_marked(world):
    event = _live(world, capacity=1)
    factories.registration(event=event, user=world.colleague)
    registration = services.attendance_check_in(
        event=event, user=world.teacher, code=event.check_in_code
    )
    assert registration.status == Registration.Status.REGISTERED
    assert registration.attended_at is not None


def test_organiser_marks_attendance_in_the_table(world):
    event = _live(world)
    registration = factories.registration(event=event, user=world.teacher)
    client = client_for(world.methodist)
    page = client.get(f"/events/{event.pk}/attendance/").content.decode()
    assert "Петрова Елена Викторовна" in page
    assert "МБОУ «СОШ № 161»" in page
    response = client.post(
        f"/events/{event.pk}/attendance/{registration.pk}/",
        {"attended": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "присутствует" in response.content.decode()
    assert "МБОУ «СОШ № 161»" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert registration.attendance_marked_by == world.methodist
    client.post(f"/events/{event.pk}/attendance/{registration.pk}/", {"attended": "0"})
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_attendance_exports_to_xlsx(world):
    event = _live(world, title="Семинар о чтении")
    factories.registration(event=event, user=world.teacher)
    services.attendance_check_in(event=event, user=world.teacher, code=event.check_in_code)
    factories.registration(event=event, user=world.colleague)
    response = client_for(world.methodist).get(f"/events/{event.pk}/attendance.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Семинар о чтении"
    assert rows[3][:7] == (
        "№", "ФИО", "Электронная почта", "Организация", "Должность", "Статус", "Присутствовал"
    )  # fmt: skip
    people = {row[1]: row for row in rows[4:]}
    assert people["Петрова Елена Викторовна"][6] == "да"
    assert people["Петрова Елена Викторовна"][3] == "МБОУ «СОШ № 161»"
    assert people["Соколов Игорь Андреевич"][6] == "нет"


def test_check_in_screen_shows_the_code_to_the_organiser_only(world):
    event = _live(world)
    response = client_for(world.methodist).get(f"/events/{event.pk}/code/")
    assert event.check_in_code in response.content.decode()
    assert client_for(world.teacher).get(f"/events/{event.pk}/code/").status_code == 403
    old = event.check_in_code
    client_for(world.methodist).post(f"/events/{event.pk}/code/")
    event.refresh_from_db()
    assert event.check_in_code != old or len(event.check_in_code) == 6
