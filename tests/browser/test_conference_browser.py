"""The conference pages in Debian's chromium: the moderator, on a phone and on a laptop, opens
the programme and the section, and fills in the defence protocol; nothing is wider than the
screen."""

import pytest
from playwright.sync_api import expect

from ..conftest import browser_login
from ..expertise.conference_world import conference_world

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_the_moderator_fills_the_protocol_on_any_screen(page, world, width):
    cw = conference_world(world)
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, "method@example.ru")
    page.goto(f"{page.base_url}/expertise/conferences/{cw.conference.pk}/")
    expect(page.get_by_role("heading", name=cw.conference.title)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name=cw.section.title).click()
    expect(page.get_by_test_id("defence")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Заполнить протокол").click()
    for label in ("Актуальность и обоснованность", "Соответствие требованиям ФГОС"):
        page.get_by_label(label).fill("3")
    page.get_by_label("Практическая значимость").fill("2")
    page.get_by_label("защищено", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Сохранить протокол").click()
    expect(page.get_by_text("Протокол сохранён.")).to_be_visible()
    expect(page.get_by_test_id("defence")).to_contain_text("защищено")
