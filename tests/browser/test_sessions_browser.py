"""A live presentation session in Debian's chromium: the coordinator runs it from the control
view, the big screen follows without login, an intern asks from a phone, the coordinator
sees the question without reloading, marks it answered, pauses, resumes and moves on. The
order of teams is dragged, or moved with the arrows from the keyboard."""

import re
import time

import pytest
from playwright.sync_api import expect

from metodset.programs.models import SessionQuestion, Team
from metodset.programs.services.sessions import session_create

from ..conftest import browser_login

pytestmark = pytest.mark.browser

LIVE = 10_000  # ms: the pages poll every two seconds


def _seconds(countdown) -> int:
    minutes, seconds = countdown.inner_text().strip().split(":")
    return int(minutes) * 60 + int(seconds)


def test_coordinator_runs_a_session_screen_follows_intern_asks_from_a_phone(
    page,
    browser,
    live_server,
    internship,
):
    session = session_create(stage=internship.stage("second"), by=internship.coordinator)
    browser_login(page, "coord@example.ru")
    page.goto(f"{page.base_url}/programs/sessions/{session.pk}/control/")
    expect(page.get_by_test_id("current-team")).to_have_text("Команда 1 «Радуга»")
    page.get_by_role("button", name="Начать").click()
    expect(page.get_by_test_id("phase")).to_have_text("Выступление")

    screen_context = browser.new_context(locale="ru-RU", viewport={"width": 1920, "height": 1080})
    screen = screen_context.new_page()
    screen.goto(f"{live_server.url}/programs/screen/{session.screen_token}/")  # no login
    expect(screen.get_by_test_id("current-team")).to_have_text("Команда 1 «Радуга»")
    expect(screen.get_by_test_id("members")).to_contain_text("Интернова0 Мария")
    expect(screen.get_by_test_id("next-team")).to_have_text("Следующая команда: Команда 2 «Солнце»")
    countdown = screen.get_by_test_id("countdown")
    first = _seconds(countdown)
    time.sleep(1.5)
    assert _seconds(countdown) < first <= 180

    phone_context = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    phone.base_url = live_server.url
    browser_login(phone, "intern4@example.ru")
    phone.goto(f"{live_server.url}/programs/sessions/{session.pk}/")
    expect(phone.get_by_test_id("current-team")).to_have_text("Команда 1 «Радуга»")
    phone.get_by_text("Подсказки: вопросы из регламента").click()
    phone.get_by_role("button", name="Каковы цели события?").click()
    expect(phone.get_by_label("Ваш вопрос выступающей команде")).to_have_value(
        "Каковы цели события?"
    )
    phone.get_by_role("button", name="Отправить вопрос").click()
    expect(phone.get_by_test_id("sent")).to_have_text("Вопрос отправлен: Команда 1 «Радуга».")
    expect(phone.get_by_label("Ваш вопрос выступающей команде")).to_have_value("")
    expect(phone.get_by_test_id("my-questions")).to_contain_text(
        "Каковы цели события?", timeout=LIVE
    )

    question = page.get_by_test_id("question")  # arrives without a reload
    expect(question).to_contain_text("Каковы цели события?", timeout=LIVE)
    expect(question).to_contain_text("Интернова4 М.И.")
    question.get_by_role("button", name="Отвечен").click()
    expect(question.get_by_role("button", name="Вернуть")).to_be_visible()
    assert SessionQuestion.objects.get().answered_at is not None

    page.get_by_role("button", name="Пауза").click()
    expect(page.get_by_test_id("clock-note")).to_have_text("пауза")
    expect(screen.get_by_test_id("clock-note")).to_have_text("пауза", timeout=LIVE)
    paused = _seconds(countdown)
    time.sleep(1.5)
    assert _seconds(countdown) == paused
    assert _seconds(page.get_by_test_id("countdown")) == paused

    page.get_by_role("button", name="Продолжить").click()
    expect(screen.get_by_test_id("clock-note")).to_have_text("", timeout=LIVE)
    time.sleep(1.5)
    assert _seconds(countdown) < paused

    page.get_by_role("button", name="Далее: вопросы").click()
    expect(page.get_by_test_id("phase")).to_have_text("Вопросы")
    expect(screen.get_by_test_id("phase")).to_have_text(
        re.compile(r"^Вопросы · команда 1 из 2$"), timeout=LIVE
    )
    assert _seconds(page.get_by_test_id("countdown")) <= 120

    page.get_by_role("button", name="Далее: Команда 2 «Солнце»").click()
    expect(page.get_by_test_id("current-team")).to_have_text("Команда 2 «Солнце»")
    expect(page.get_by_test_id("phase")).to_have_text("Выступление")
    expect(screen.get_by_test_id("current-team")).to_have_text("Команда 2 «Солнце»", timeout=LIVE)
    expect(screen.get_by_test_id("next-team")).to_have_text("Это последняя команда.")
    expect(phone.get_by_test_id("current-team")).to_have_text("Команда 2 «Солнце»", timeout=LIVE)
    phone_context.close()
    screen_context.close()


def test_coordinator_drags_a_team_to_the_top_and_moves_it_back_with_an_arrow(
    page,
    wait_until,
    internship,
):
    Team.objects.create(program=internship.program, number=3, name="Звезда")
    session = session_create(stage=internship.stage("second"), by=internship.coordinator)

    def order() -> list[int]:
        return list(session.slots.order_by("order").values_list("team__number", flat=True))

    browser_login(page, "coord@example.ru")
    page.goto(f"{page.base_url}/programs/sessions/{session.pk}/control/")
    slots = page.get_by_test_id("slot")
    slots.nth(2).drag_to(slots.nth(0))
    expect(slots.nth(0)).to_contain_text("Команда 3 «Звезда»")
    assert wait_until(lambda: order() == [3, 1, 2])
    page.get_by_role("button", name="Опустить ниже: Команда 3 «Звезда»").click()
    expect(slots.nth(1)).to_contain_text("Команда 3 «Звезда»")
    assert wait_until(lambda: order() == [1, 3, 2])
    expect(page.get_by_role("button", name="Опустить ниже: Команда 3 «Звезда»")).to_be_focused()
