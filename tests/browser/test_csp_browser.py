"""The Content-Security-Policy breaks nothing: pages whose behaviour comes from our scripts run
in chromium with no `securitypolicyviolation`, and the data-* behaviours that replaced inline
handlers (confirm, show/hide, select to copy) still work."""

import pytest
from playwright.sync_api import expect

from ..conftest import browser_login

pytestmark = pytest.mark.browser

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console report of one collected."""
    page.add_init_script(WATCH)
    reports: list[str] = []
    page.on(
        "console",
        lambda msg: reports.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.csp_reports = reports  # type: ignore[attr-defined]
    return page


def _no_violations(page) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert page.csp_reports == []


def test_pages_with_scripts_run_without_a_policy_violation(watched, world):
    page = watched
    page.goto(f"{page.base_url}/login/")
    _no_violations(page)
    browser_login(page, world.methodist.email)
    for path in ("/", "/events/mine/", f"/routes/org/{world.school.pk}/cyclogram/"):
        page.goto(page.base_url + path)
        expect(page.locator("main")).to_be_visible()
        _no_violations(page)
    # Swagger UI from django-ninja's static files: settings in a JSON block, no inline code.
    page.goto(f"{page.base_url}/api/docs")
    expect(page.locator("#swagger-ui")).not_to_be_empty()  # the bundle ran
    page.wait_for_load_state("networkidle")  # and fetched the schema (connect-src)
    _no_violations(page)

    # events/form.js: the repeat fields appear only when «repeat» is ticked.
    page.goto(f"{page.base_url}/events/new/")
    expect(page.locator("#repeat-fields")).to_be_hidden()
    page.locator("#id_repeat").check()
    expect(page.locator("#repeat-fields")).to_be_visible()
    _no_violations(page)


def test_confirm_and_select_behaviours_replace_inline_handlers(watched, world):
    page = watched
    browser_login(page, world.teacher.email)
    page.goto(f"{page.base_url}/profile/tokens/")
    page.get_by_label("Название").fill("Дневник")
    page.get_by_role("button", name="Создать").click()
    secret = page.get_by_test_id("new-token").locator("input")
    secret.focus()
    selected = (
        "(() => { const f = document.activeElement; return f.selectionEnd - f.selectionStart; })()"
    )
    assert page.evaluate(selected) == len(secret.input_value())

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Отозвать", exact=True).click()
    page.goto(f"{page.base_url}/profile/tokens/")  # the token is still there
    expect(page.get_by_role("button", name="Отозвать", exact=True)).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Отозвать", exact=True).click()
    expect(page.get_by_role("button", name="Отозвать", exact=True)).to_have_count(0)
    _no_violations(page)
