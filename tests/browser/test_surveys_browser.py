"""The questionnaire journey in Debian's chromium: template → send → a teacher answers → results."""

import re

import pytest
from playwright.sync_api import expect

from metodset.core.models import OutgoingEmail

from ..conftest import browser_login

pytestmark = pytest.mark.browser
TITLE = "Рефлексия участника цифровой педагогической интернатуры"


def _question(page, text: str):
    return page.get_by_role("group", name=re.compile(re.escape(text)))


def test_coordinator_sends_a_template_a_teacher_answers_and_the_results_count(page, world):
    browser_login(page, "coord@example.ru")
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.get_by_test_id("nav-more").click()  # «Ещё»: the coordinator's bar is full
    menu.get_by_role("link", name="Анкеты").click()
    expect(page.get_by_role("heading", name="Анкеты", level=1)).to_be_visible()

    # One click: the shipped reflection questionnaire becomes a draft of the coordinator.
    page.get_by_role("button", name=f"Создать по шаблону «{TITLE}»").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Черновик готов.")).to_be_visible()
    expect(page.get_by_test_id("question")).to_have_count(14)
    page.get_by_role("button", name="Открыть приём ответов").click()
    expect(page.get_by_text("Анкета принимает ответы.")).to_be_visible()

    # Send it to the school's staff: the count shows before anything is sent.
    page.get_by_role("link", name="Рассылка").click()
    page.get_by_label("Кому отправить").select_option(label="МБОУ «СОШ № 161»")
    expect(page.get_by_test_id("audience-count")).to_contain_text("Приглашение получат 4 человека.")
    page.get_by_role("button", name="Разослать приглашения").click()
    expect(page.get_by_text("Приглашение отправлено 4 людям.")).to_be_visible()
    expect(page.get_by_test_id("invitation")).to_have_count(4)
    assert OutgoingEmail.objects.filter(to="teacher@example.ru").count() == 1

    # The teacher finds it in «Моя неделя» and answers.
    page.context.clear_cookies()
    browser_login(page, "teacher@example.ru")
    expect(page.get_by_text("1 анкета ждёт вашего ответа")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # Three sections, a page each: «Раздел 1 из 3», «Далее», «Отправить ответы» on the last.
    progress = page.get_by_test_id("progress")
    expect(progress).to_contain_text("Раздел 1 из 3")
    page.get_by_label(re.compile("Какой отзыв о мероприятии дали")).fill(
        "Родители попросили повторить встречу через месяц."
    )
    _question(page, "Насколько вы удовлетворены реализованным событием").get_by_text(
        "4", exact=True
    ).click()
    _question(page, "Все ли цели и задачи были реализованы").get_by_label("Да, все").check()
    page.get_by_role("button", name="Далее").click()
    expect(progress).to_contain_text("Раздел 2 из 3")
    _question(page, "Какие трудности возникли").get_by_label("Не хватало времени").check()
    _question(page, "Обращались ли вы за помощью к тьютору").get_by_label("Да").check()
    page.get_by_role("button", name="Далее").click()
    expect(progress).to_contain_text("Раздел 3 из 3")
    matrix = _question(page, "Насколько интернатура помогла вам")
    for row in (
        "Проектировать события в цифровой среде",
        "Анализировать продукт, созданный в цифровой среде",
        "Взаимодействовать с аудиторией онлайн",
        "Применять ИКТ в педагогической деятельности",
    ):
        matrix.get_by_role("group", name=row).get_by_text("5", exact=True).click()
    _question(page, "Было ли полезным для вас участие").get_by_label("Да, очень полезным").check()
    # The emotional feedback (required) is forgotten: the server names it and keeps the rest.
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_test_id("errors-summary")).to_contain_text("Проверьте ответы на 2 вопроса")
    forgotten = page.locator(
        ".card", has=page.get_by_label(re.compile("Ваш эмоциональный отзыв об участии"))
    )
    expect(forgotten.get_by_test_id("question-error")).to_have_text(
        "Ответьте, пожалуйста, на этот вопрос."
    )
    expect(
        _question(page, "Было ли полезным для вас участие").get_by_label("Да, очень полезным")
    ).to_be_checked()
    page.get_by_role("button", name="Назад").click()
    page.get_by_role("button", name="Назад").click()
    expect(page.get_by_label(re.compile("Какой отзыв о мероприятии дали"))).to_have_value(
        "Родители попросили повторить встречу через месяц."
    )
    page.get_by_role("button", name="Далее").click()
    page.get_by_role("button", name="Далее").click()
    page.get_by_label(re.compile("Ваш эмоциональный отзыв об участии")).fill(
        "Было интенсивно, но очень интересно!"
    )
    _question(page, "Будете ли вы в дальнейшем использовать").get_by_label("Скорее да").check()
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_role("heading", name="Спасибо!")).to_be_visible()

    # The coordinator sees the answer counted.
    page.context.clear_cookies()
    browser_login(page, "coord@example.ru")
    page.goto(f"{page.base_url}/surveys/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=re.compile("^Результаты")).click()
    expect(page.get_by_test_id("total-responses")).to_have_text("1")
    expect(page.get_by_test_id("answered-share")).to_have_text("Ответил 1 из 4 приглашённых — 25 %")
    satisfied = page.get_by_test_id("question-result").filter(
        has_text="Насколько вы удовлетворены реализованным событием"
    )
    expect(satisfied.get_by_test_id("mean")).to_contain_text("4,0")
    expect(satisfied.locator("canvas")).to_be_visible()
