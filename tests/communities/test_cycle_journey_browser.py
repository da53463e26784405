"""A whole lesson-study cycle in Debian's chromium, as three members of one kindergarten's
community: the methodical lead plans the map with two case children and predictions, the
teacher teaches, a young teacher observes on a 390×844 phone (and loses the connection for a
moment) while the lead observes on a desktop; the group analyses predictions against
observations, corrects the map into version 2 and plans the next lesson; the report is
downloaded and its text read back."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from metodset.communities.models import Cycle, Lesson, ProtocolEntry

from ..conftest import browser_login
from . import factories
from .test_observation_report import docx_text, pdf_text

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PREDICTION_1 = "Угадает продолжение по картинке"
PREDICTION_2 = "Ответит одним словом"
SEEN_ON_PHONE = "Сказал: «Журавль тоже её обманет»"
SEEN_OFFLINE = "Показал на картинку, засмеялся"
SEEN_ON_DESKTOP = "Ответила полным предложением"


def _phone(browser, live_server, blocked: list[str]) -> Page:
    context = browser.new_context(locale="ru-RU", **PHONE)
    context.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    phone = context.new_page()
    phone.set_default_timeout(15000)
    phone.base_url = live_server.url  # type: ignore[attr-defined]
    return phone


def _plan(page: Page, community_id: int, teacher_name: str, starts_at: str) -> Cycle:
    """The lead creates the cycle, the map, the case children, the predictions and the date."""
    page.goto(f"{page.base_url}/communities/{community_id}/cycles/new/")
    page.locator("#id_title").fill("Продуктивное чтение: «Лиса и журавль»")
    page.locator("#id_group").fill("старшая группа «Б»")
    page.locator("#id_goal").fill("Как дети прогнозируют сюжет по иллюстрации")
    page.get_by_test_id("cycle-save").click()
    expect(page.get_by_test_id("cycle-title")).to_have_text("Продуктивное чтение: «Лиса и журавль»")
    cycle = Cycle.objects.get()

    page.get_by_test_id("map-edit").click()
    for n, (title, minutes) in enumerate([("Чтение с остановками", "10"), ("Беседа", "7")]):
        page.locator(f"[name='stage-{n}-title']").fill(title)
        page.locator(f"[name='stage-{n}-minutes']").fill(minutes)
    page.get_by_test_id("map-save").click()

    page.goto(f"{page.base_url}/communities/cycles/{cycle.pk}/children/")
    for code in ("Р-1", "Р-2"):
        page.locator("#id_code").fill(code)
        page.get_by_test_id("case-child-add").click()
    expect(page.get_by_test_id("case-child")).to_have_count(2)

    page.goto(f"{page.base_url}/communities/cycles/{cycle.pk}/predictions/")
    cards = page.get_by_test_id("prediction-card")
    cards.nth(0).locator("textarea").nth(0).fill(PREDICTION_1)
    cards.nth(1).locator("textarea").nth(1).fill(PREDICTION_2)
    page.get_by_test_id("predictions-save").click()

    page.goto(f"{page.base_url}/communities/cycles/{cycle.pk}/")
    page.get_by_test_id("lesson-schedule").click()
    page.locator("#id_teacher").select_option(label=teacher_name)
    page.locator("#id_starts_at").fill(starts_at)
    page.get_by_test_id("schedule-save").click()
    page.get_by_test_id("lesson-start").click()
    expect(page.get_by_test_id("round-actions")).to_be_hidden()
    assert cycle.lessons.get().stage == Lesson.Stage.OBSERVING
    return cycle


def _observe_on_phone(phone: Page, lesson: Lesson, wait_until) -> None:
    phone.goto(f"{phone.base_url}/communities/cycles/{lesson.cycle_id}/")  # the link she got
    phone.get_by_test_id("observe-open").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Наблюдение за занятием 1")
    expect(phone.locator("#id_minute")).to_have_value(re.compile(r"^[4-6]$"))
    phone.get_by_text("Чтение с остановками", exact=True).click()
    phone.locator("#id_text").fill(SEEN_ON_PHONE)
    phone.get_by_role("button", name="Добавить").click()
    entries = phone.get_by_test_id("observe-entry")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(SEEN_ON_PHONE)
    expect(entries.first.get_by_role("link", name="Исправить")).to_be_visible()

    # The connection drops: the entry stays on the phone and says so.
    phone.context.set_offline(True)
    phone.locator("#id_text").fill(SEEN_OFFLINE)
    phone.get_by_role("button", name="Добавить").click()
    expect(phone.get_by_test_id("observe-pending")).to_have_text("не отправлено (1)")
    expect(entries).to_have_count(2)
    assert ProtocolEntry.objects.count() == 1
    phone.context.set_offline(False)
    expect(phone.get_by_test_id("observe-pending")).to_be_hidden(timeout=15000)
    assert wait_until(lambda: ProtocolEntry.objects.count() == 2)
    phone.reload()
    expect(entries).to_have_count(2)  # stored once, though sent after the connection returned


def test_a_whole_cycle_with_an_observer_on_a_phone(page, browser, live_server, wait_until):
    kindergarten = factories.kindergarten()
    lead = factories.teacher_of(kindergarten, last_name="Смирнова", first_name="Анна")
    teacher = factories.teacher_of(kindergarten, last_name="Кузнецова", first_name="Ольга")
    young = factories.teacher_of(kindergarten, last_name="Петрова", first_name="Ирина")
    community = factories.community(organization=kindergarten, chair=lead, members=[teacher, young])
    zone = zoneinfo.ZoneInfo(lead.time_zone)
    starts = timezone.localtime(timezone.now() - timedelta(minutes=5), zone)

    browser_login(page, lead.email)
    cycle = _plan(page, community.pk, teacher.get_full_name(), starts.strftime("%Y-%m-%dT%H:%M"))
    lesson = cycle.lessons.get()

    blocked: list[str] = []
    phone = _phone(browser, live_server, blocked)
    browser_login(phone, young.email)
    _observe_on_phone(phone, lesson, wait_until)

    # The lead observes the other child on her desktop, then closes the observation.
    page.goto(f"{page.base_url}/communities/cycles/{cycle.pk}/")
    page.get_by_test_id("observe-open").click()
    page.get_by_test_id("observe-child").filter(has_text="Р-2").click()
    page.get_by_text("Беседа", exact=True).click()
    page.locator("#id_text").fill(SEEN_ON_DESKTOP)
    page.get_by_role("button", name="Добавить").click()
    expect(page.get_by_test_id("observe-entry")).to_contain_text(SEEN_ON_DESKTOP)
    page.get_by_role("button", name="Завершить наблюдение и перейти к анализу").click()

    # The analysis: predictions beside observations, per case child and stage.
    expect(page.get_by_role("heading", level=1)).to_have_text("Анализ занятия 1")
    children = page.get_by_test_id("analysis-child")
    first_row = children.nth(0).get_by_test_id("analysis-row").nth(0)
    expect(first_row).to_contain_text("Чтение с остановками")
    expect(first_row.locator("td").nth(0)).to_have_text(PREDICTION_1)
    expect(first_row.locator("td").nth(1)).to_contain_text(SEEN_ON_PHONE)
    expect(first_row.locator("td").nth(1)).to_contain_text(SEEN_OFFLINE)
    expect(first_row.locator("td").nth(1)).to_contain_text("Петрова Ирина")
    second_row = children.nth(1).get_by_test_id("analysis-row").nth(1)
    expect(second_row.locator("td").nth(0)).to_have_text(PREDICTION_2)
    expect(second_row.locator("td").nth(1)).to_contain_text(SEEN_ON_DESKTOP)
    # On the phone the same cells stack into a card per stage.
    phone.goto(f"{phone.base_url}/communities/lessons/{lesson.pk}/analysis/")
    card = phone.get_by_test_id("analysis-child").nth(0).locator(".card").nth(0)
    expect(card).to_be_visible()
    expect(card).to_contain_text(PREDICTION_1)
    expect(card).to_contain_text(SEEN_ON_PHONE)
    phone.context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on the phone"

    page.get_by_label("Индивидуальный прогресс кейс-детей").fill("Р-1 прогнозирует по картинке")
    page.get_by_label("Группа в целом").fill("Активны на чтении, пассивны в беседе")
    page.get_by_label("Деятельность педагога").fill("Вопросы беседы закрытые")
    page.get_by_label("Согласованные выводы").fill("Остановки в чтении работают")
    page.get_by_label("Рекомендации к следующему занятию").fill("Открытые вопросы в беседе")
    page.get_by_role("button", name="Сохранить анализ").click()
    expect(page.get_by_text("Анализ сохранён.")).to_be_visible()
    page.get_by_role("button", name="Завершить анализ и перейти к коррекции карты").click()

    # The correction: a new version with what changed and why; the next lesson is planned.
    expect(page.get_by_test_id("recommendations")).to_contain_text("Открытые вопросы в беседе")
    page.locator("[name='stage-1-title']").fill("Беседа с открытыми вопросами")
    page.locator("#id_change_note").fill("Закрытые вопросы заменены открытыми")
    page.get_by_test_id("map-save").click()
    expect(page.get_by_test_id("round")).to_have_count(2)
    expect(page.get_by_test_id("recommendations")).to_contain_text("Открытые вопросы в беседе")
    page.get_by_test_id("versions-open").click()
    expect(page.get_by_test_id("map-diff")).to_contain_text("Беседа с открытыми вопросами")
    expect(page.get_by_test_id("diff-changed")).to_contain_text("Беседа")
    assert list(cycle.lessons.values_list("number", "stage", "version__number")) == [
        (1, Lesson.Stage.DONE, 1),
        (2, Lesson.Stage.PLANNING, 2),
    ]

    # The report, downloaded from the analysis of the first lesson, read back.
    page.goto(f"{page.base_url}/communities/lessons/{lesson.pk}/analysis/")
    for link, read in (("Отчёт (DOCX)", docx_text), ("Отчёт (PDF)", pdf_text)):
        with page.expect_download() as download:
            page.get_by_role("link", name=link).click()
        text = read(Path(download.value.path()).read_bytes())
        for expected in (
            "Продуктивное чтение",
            PREDICTION_1,
            SEEN_ON_PHONE,
            SEEN_ON_DESKTOP,
            "Остановки в чтении работают",
            "Закрытые вопросы заменены открытыми",
            "Кейс-ребёнок Р-2",
        ):
            assert " ".join(expected.split()) in text, (link, expected)
