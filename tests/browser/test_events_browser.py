"""The events journey in Debian's chromium: find, register, add to the calendar, see the week,
check in; a full event's waiting list moves up when someone cancels."""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from metodset.events.models import Event, Registration

from .. import factories
from ..conftest import browser_login

pytestmark = pytest.mark.browser


def test_teacher_finds_registers_adds_to_calendar_sees_her_week_and_checks_in(page, world):
    starts = (timezone.now() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    event = factories.event(
        organizer=world.kindergarten,
        title="Смысловое чтение: стратегии продуктивного чтения",
        starts_at=starts,
        capacity=30,
        time_zone="Asia/Kamchatka",
    )
    factories.event(organizer=world.school, title="Вебинар о другом", kind=Event.Kind.SEMINAR)
    browser_login(page, "teacher@example.ru")

    page.get_by_role("navigation", name="Главное меню").get_by_role(
        "link", name="Мероприятия"
    ).click()
    page.get_by_label("Поиск").fill("чтени")
    events = page.get_by_test_id("events")
    expect(events).to_contain_text("Смысловое чтение")
    expect(events).not_to_contain_text("Вебинар о другом")
    events.get_by_role("link", name="Смысловое чтение: стратегии продуктивного чтения").click()

    local = timezone.localtime(starts, ZoneInfo("Europe/Moscow"))  # the teacher's zone
    expect(page.get_by_test_id("event-when")).to_contain_text(local.strftime("%H:%M"))
    expect(page.get_by_test_id("event-when")).to_contain_text("Москва (UTC+3)")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_test_id("my-status")).to_have_text("Вы зарегистрированы")
    expect(page.get_by_test_id("join")).to_be_visible()  # ten minutes before the start

    with page.expect_download() as download:
        page.get_by_test_id("ics").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    [item] = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == starts

    page.get_by_role("link", name="Моя неделя").first.click()
    week = page.get_by_test_id("week-events")
    expect(week).to_contain_text("Смысловое чтение")
    expect(week).to_contain_text(local.strftime("%H:%M"))

    page.get_by_role("link", name="Смысловое чтение: стратегии продуктивного чтения").click()
    # The room opens a quarter of an hour early; the check-in waits for the start.
    expect(page.get_by_role("button", name="Отметиться")).to_be_disabled()
    expect(page.get_by_test_id("check-in-not-yet")).to_contain_text(
        f"Отметить посещение можно с начала мероприятия: {local.day} "
    )
    with time_machine.travel(starts + timedelta(minutes=1)):
        page.reload()
        page.get_by_label("Код с экрана организатора").fill(event.check_in_code)
        page.get_by_role("button", name="Отметиться").click()
        expect(page.get_by_role("alert")).to_contain_text("Вы отмечены. Спасибо!")
        expect(page.get_by_test_id("my-status")).to_contain_text("присутствует")
    assert Registration.objects.get(event=event, user=world.teacher).attended_at is not None


def test_full_event_waiting_list_moves_up_when_someone_cancels(page, browser, live_server, world):
    event = factories.event(organizer=world.school, title="Мастер-класс на одно место", capacity=1)
    browser_login(page, "teacher@example.ru")
    page.goto(f"{page.base_url}/events/{event.pk}/")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_test_id("my-status")).to_have_text("Вы зарегистрированы")

    other = browser.new_context(locale="ru-RU").new_page()
    other.base_url = live_server.url
    browser_login(other, "colleague@example.ru")
    other.goto(f"{live_server.url}/events/{event.pk}/")
    expect(other.get_by_test_id("places")).to_have_text("Мест нет — лист ожидания")
    other.get_by_role("button", name="Встать в лист ожидания").click()
    expect(other.get_by_test_id("my-status")).to_contain_text("Вы в листе ожидания под номером 1")

    page.get_by_role("button", name="Отменить регистрацию").click()
    expect(page.get_by_role("alert")).to_contain_text("Регистрация отменена.")
    expect(page.get_by_role("button", name="Встать в лист ожидания")).to_be_visible()

    other.reload()
    expect(other.get_by_test_id("my-status")).to_have_text("Вы зарегистрированы")
    other.context.close()
