"""The login journey in Debian's chromium: each role lands on its own pages."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import browser_login

pytestmark = pytest.mark.browser


def test_teacher_logs_in_and_sees_their_week_and_organization(page, world):
    browser_login(page, "teacher@example.ru")
    expect(page.get_by_role("heading", name="Моя неделя")).to_be_visible()
    menu = page.get_by_role("navigation", name="Главное меню")
    expect(menu.get_by_role("link", name="МБОУ «СОШ № 161»")).to_be_visible()
    expect(menu.get_by_role("link", name="Импорт")).to_have_count(0)
    expect(menu.get_by_test_id("nav-network")).to_have_count(0)
    expect(menu.get_by_role("link", name="Запросы на удаление")).to_have_count(0)

    menu.get_by_role("link", name="МБОУ «СОШ № 161»").click()
    expect(page.get_by_role("heading", name="МБОУ «СОШ № 161»", level=1)).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("Петрова Елена Викторовна")
    expect(page.get_by_role("link", name="Пригласить педагога")).to_have_count(0)


def test_coordinator_opens_the_partner_list_and_filters_by_region(page, world):
    browser_login(page, "coord@example.ru")
    menu = page.get_by_role("navigation", name="Главное меню")
    # Registries fold into «Реестры» and rarer tools sit in the user menu, so the main menu
    # fits one line on a laptop.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(menu.get_by_role("link", name="Импорт")).to_be_hidden()
    menu.get_by_test_id("nav-more").click()
    expect(menu.get_by_role("link", name="Импорт людей и организаций")).to_be_visible()
    menu.get_by_test_id("user-menu").click()
    expect(menu.get_by_role("link", name="Запросы на удаление")).to_be_visible()
    menu.get_by_role("link", name="Сеть: Учитель в цифровой образовательной среде").click()

    rows = page.get_by_test_id("partners").locator("tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_label("Регион").select_option(label="Камчатский край")
    expect(rows).to_have_count(1)  # the table is replaced in place by htmx
    expect(rows.first).to_contain_text("МБДОУ «Д/с № 12»")
    expect(rows.first).to_contain_text("Петропавловск-Камчатский")
    expect(page.get_by_test_id("partner-count")).to_contain_text("Найдено: 1 организация")
    expect(page).to_have_url(re.compile(rf"region={world.region_east.pk}"))

    page.get_by_label("Регион").select_option(label="Все")
    page.get_by_label("Название или город").fill("сош")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("МБОУ «СОШ № 161»")


def test_wrong_password_shows_a_russian_error_and_keeps_the_email(page, world):
    browser_login(page, "teacher@example.ru", password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Неверная электронная почта или пароль")
    expect(page.get_by_label("Электронная почта")).to_have_value("teacher@example.ru")
    expect(page.get_by_role("heading", name="Моя неделя")).to_have_count(0)


def test_menu_collapses_into_the_toggler_on_a_phone(page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "coord@example.ru")
    menu = page.get_by_role("navigation", name="Главное меню")
    network_link = menu.get_by_role("link", name="Сеть: Учитель в цифровой образовательной среде")
    toggler = menu.get_by_role("button", name="Меню")
    expect(toggler).to_be_visible()
    expect(network_link).to_be_hidden()
    toggler.click()
    expect(network_link).to_be_visible()
    # Bootstrap adds «show» when the opening transition ends; a click during it can miss.
    expect(menu.locator(".navbar-collapse.show")).to_have_count(1)
    network_link.click()
    expect(
        page.get_by_role("heading", name="Учитель в цифровой образовательной среде", level=1)
    ).to_be_visible()
    # the wide table scrolls inside its own box instead of widening the page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
