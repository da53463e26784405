"""The coordinator's bar in Debian's chromium: one line at 1280 px, with «Ещё» for registries."""

import pytest
from playwright.sync_api import expect

from metodset.accounts.models import Membership

from ..conftest import browser_login

pytestmark = pytest.mark.browser


def test_a_coordinator_who_is_also_a_methodist_has_a_one_line_bar_at_1280(page, world):
    # As in the demo: the coordinator works in a school too, so «Маршруты» and two places show.
    Membership.objects.create(
        user=world.coordinator, organization=world.school, role=Membership.Role.METHODIST
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_login(page, "coord@example.ru")
    menu = page.get_by_role("navigation", name="Главное меню")
    expect(menu.get_by_role("link", name="Маршруты")).to_be_visible()
    tops = page.evaluate(
        "[...document.querySelectorAll('#nav-main > ul > li')]"
        ".map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) >= 8 and len(set(tops)) == 1, tops
    user_menu = menu.get_by_test_id("user-menu").bounding_box()
    assert user_menu is not None and user_menu["x"] + user_menu["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    menu.get_by_test_id("nav-more").click()
    expect(menu.get_by_role("link", name="Реестр выданных сертификатов")).to_be_visible()
    menu.get_by_role("link", name="Табло маршрутов").click()
    expect(page).to_have_url(f"{page.base_url}/routes/org/{world.school.pk}/board/")
