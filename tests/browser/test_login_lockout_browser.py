"""A locked sign-in in Debian's chromium: the message by the form, and the way out by e-mail."""

import pytest
from playwright.sync_api import expect

from ..conftest import browser_login

pytestmark = pytest.mark.browser


def test_after_wrong_passwords_the_form_says_when_and_links_to_a_new_password(
    page, world, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        browser_login(page, world.teacher.email, "не-тот-пароль")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Слишком много неудачных попыток войти в эту учётную запись")
    expect(alert).to_contain_text("Попробуйте снова через 15 минут.")
    expect(page.get_by_label("Электронная почта")).to_have_value(world.teacher.email)

    browser_login(page, world.teacher.email)  # the right password is refused too
    expect(page).to_have_url(f"{page.base_url}/login/")
    page.get_by_role("alert").get_by_role("link", name="Восстановить пароль").click()
    expect(page).to_have_url(f"{page.base_url}/password/reset/")
