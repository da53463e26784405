"""The team's work in Debian's chromium: an intern hands the event card in, the tutor returns
it with a comment on «Цели события», the intern fixes it beside the comment and hands it in
again, the tutor accepts, and the team page shows «принято»."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from metodset.programs.models import Submission

from ..conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


CARD = {
    "Название события": "Квест «В гостях у сказки»",
    "Аудитория": "Родители воспитанников старшей группы",
    "Цели события": "Познакомить родителей с играми",
    "Задачи события": "Показать три игры; дать памятку",
    "Продукт": "Памятка для родителей",
}


def test_card_is_handed_in_returned_fixed_and_accepted(
    page,
    browser,
    live_server,
    internship,
):
    team = internship.teams[0]
    assignment = internship.stage("first").assignments.get()
    assignment.due_at = timezone.now() + timedelta(days=3)
    assignment.save()
    work_url = f"{live_server.url}/programs/teams/{team.pk}/assignments/{assignment.pk}/"

    browser_login(page, "intern1@example.ru")
    page.goto(f"{page.base_url}/programs/teams/{team.pk}/")
    expect(page.get_by_test_id("tutor")).to_contain_text("Морозова Наталья Олеговна")
    page.get_by_role("link", name="Проект дистанционного события").click()
    page.get_by_label("Название события").fill(CARD["Название события"])
    page.get_by_role("button", name="Сдать").click()  # the card is not complete yet
    expect(page.get_by_role("alert")).to_contain_text("сохранено как черновик")
    goals = page.locator('[data-field="goals"]')
    expect(goals).to_contain_text("Заполните это поле, чтобы сдать карточку.")
    expect(page.get_by_label("Название события")).to_have_value(CARD["Название события"])
    for label, value in CARD.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Сдать").click()
    expect(page.get_by_test_id("work-state")).to_have_text("сдано")

    tutor = browser.new_context(locale="ru-RU").new_page()
    tutor.base_url = live_server.url
    browser_login(tutor, "tutor1@example.ru")
    tutor.goto(work_url)
    expect(tutor.get_by_test_id("value-goals")).to_have_text(CARD["Цели события"])
    tutor.get_by_label("Замечание к полю «Цели события»").fill(
        "Сформулируйте цель так, чтобы её можно было проверить."
    )
    tutor.get_by_role("button", name="Вернуть с замечаниями").click()
    expect(tutor.get_by_test_id("work-state")).to_have_text("возвращено с замечаниями")

    page.reload()
    comment = page.locator('[data-field="goals"]').get_by_test_id("comment-goals")
    expect(comment).to_contain_text("Сформулируйте цель так, чтобы её можно было проверить.")
    page.get_by_label("Цели события").fill("Родители освоят три игры и проведут одну дома")
    page.get_by_role("button", name="Сдать").click()
    expect(page.get_by_test_id("work-state")).to_have_text("сдано")
    expect(page.get_by_test_id("history")).to_contain_text("Версия 2")

    tutor.reload()
    expect(tutor.get_by_test_id("value-goals")).to_have_text(
        "Родители освоят три игры и проведут одну дома"
    )
    tutor.get_by_role("button", name="Принять").click()
    expect(tutor.get_by_test_id("work-state")).to_have_text("принято")
    tutor.context.close()

    page.goto(f"{page.base_url}/programs/teams/{team.pk}/")
    expect(page.get_by_test_id(f"state-{assignment.pk}")).to_have_text("принято")
    work = Submission.objects.get(assignment=assignment, team=team)
    assert work.state == Submission.State.ACCEPTED
    assert [v.card["goals"] for v in work.versions.order_by("number")] == [
        CARD["Цели события"],
        "Родители освоят три игры и проведут одну дома",
    ]


def test_thread_posts_with_htmx_and_the_tutor_marks_the_request_answered(
    page,
    browser,
    live_server,
    internship,
):
    team = internship.teams[0]
    browser_login(page, "intern2@example.ru")
    page.goto(f"{page.base_url}/programs/teams/{team.pk}/")
    page.get_by_label("Сообщение").fill("Как сформулировать задачи?")
    page.get_by_label("Запрос тьютору").check()
    page.get_by_label("Файл").set_input_files(
        files=[{"name": "задачи.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7"}]
    )
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_role("status")).to_have_text("Запрос отправлен тьютору.")
    expect(page.get_by_test_id("message")).to_contain_text("Как сформулировать задачи?")
    expect(page.get_by_test_id("message")).to_contain_text("задачи.pdf")
    expect(page.get_by_test_id("request-state")).to_have_text("запрос тьютору")
    expect(page.get_by_label("Сообщение")).to_have_value("")

    tutor = browser.new_context(locale="ru-RU").new_page()
    tutor.base_url = live_server.url
    browser_login(tutor, "tutor1@example.ru")
    tutor.goto(f"{live_server.url}/programs/{internship.program.pk}/my-teams/")
    expect(tutor.get_by_test_id("team-1")).to_contain_text("1 открыт")
    tutor.get_by_role("link", name="1 открыт").click()
    tutor.get_by_label("Сообщение").fill("Начните с того, что родители должны уметь после.")
    tutor.get_by_role("button", name="Отправить").click()
    expect(tutor.get_by_test_id("message")).to_have_count(2)
    tutor.get_by_role("button", name="Ответ дан").click()
    expect(tutor.get_by_test_id("request-state")).to_have_text("запрос тьютору · есть ответ")
    tutor.context.close()

    page.reload()
    expect(page.get_by_test_id("request-state")).to_have_text("запрос тьютору · есть ответ")
