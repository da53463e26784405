"""In Debian's chromium, on a phone: a coordinator copies the shipped template into her
network, is told next to the field that a pass score exceeds the maximum with nothing typed
lost, adds a criterion and saves; no page is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from metodset.accounts.models import Membership
from metodset.expertise.models import Criterion, LevelDescriptor, Rubric

from .. import factories
from ..conftest import browser_login

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _template() -> Rubric:
    """A template of its own: a browser test's database is emptied between tests, so the one
    migration 0002 ships may be gone."""
    template = Rubric.objects.create(title="Лист экспертизы открытого урока")
    for order, title in enumerate(("Целеполагание", "Деятельность детей"), start=1):
        criterion = Criterion.objects.create(
            rubric=template, order=order, title=title, max_score=3, comment_below=2
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(criterion=criterion, score=score, text=text)
            for score, text in enumerate(("нет", "частично", "в основном", "полностью"))
        )
    return template


def test_a_coordinator_copies_the_template_and_edits_it_on_a_phone(page):
    _template()
    network = factories.network(partners=[factories.organization()])
    factories.person(
        network_=network, role=Membership.Role.NETWORK_COORDINATOR, email="coord@example.ru"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "coord@example.ru")
    page.goto(f"{page.base_url}/expertise/")
    page.get_by_role("link", name="Листы экспертизы").click()
    card = page.get_by_role("listitem").filter(has_text="Лист экспертизы открытого урока")
    expect(card.get_by_text("2 критерия")).to_be_visible()
    assert _fits(page)

    card.get_by_role("link", name="Копировать").click()
    page.get_by_label("Название копии").fill("Заключение на разработку стажёра")
    page.get_by_role("button", name="Сделать копию").click()
    expect(page.get_by_text("Копия готова.")).to_be_visible()
    assert _fits(page)

    page.locator("#id_criteria-0-pass_score").fill("5")
    page.get_by_label("Описание", exact=True).fill("Для стажёров площадки.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Проходной балл не может быть выше максимального (3).")).to_be_visible()
    expect(page.get_by_label("Описание", exact=True)).to_have_value("Для стажёров площадки.")
    expect(page.locator("#id_criteria-0-pass_score")).to_have_value("5")
    assert _fits(page)

    page.locator("#id_criteria-0-pass_score").fill("1")
    page.get_by_role("button", name="Добавить критерий").click()
    page.locator("#id_criteria-3-title").fill("Рефлексия стажёра")
    page.locator("#id_criteria-3-max_score").fill("2")
    expect(page.locator("#id_criteria-3-level_3")).to_be_hidden()
    page.locator("#id_criteria-3-level_2").fill("Глубокий анализ собственной практики")
    assert _fits(page)
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_text("Лист экспертизы сохранён.")).to_be_visible()
    expect(page.get_by_text("Глубокий анализ собственной практики")).to_be_visible()
    assert _fits(page)
    copy = Rubric.objects.get(title="Заключение на разработку стажёра")
    assert copy.network == network and copy.criteria.count() == 3
    assert copy.description == "Для стажёров площадки."
