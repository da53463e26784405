"""From deficits to a route in Debian's chromium: a teacher takes the self-assessment, sees her
deficits, gets a drafted route with a reason for each step, swaps one step and sends it; the
methodist approves it; she marks a step done with evidence, and the board shows the change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.models import Campaign, Framework, Participant
from metodset.routes import catalogue
from metodset.routes.models import Route

from ..conftest import browser_login

pytestmark = pytest.mark.browser

# Her answers: digital competencies low, work with parents so-so, preschool ones not hers.
LOW = {"ЦФ.1": "0 — не проявляется", "ЦФ.2": "0 — не проявляется", "КМ.2": "1 — начальный"}
NOT_MINE = {"ПР.4", "МТ.3"}
USUAL = "2 — базовый"


def test_teacher_goes_from_self_assessment_to_an_approved_route_with_a_step_done(page, world):
    # Browser tests run on a flushed database: what the data migrations load is loaded again.
    framework_services.frameworks_load_shipped()
    catalogue.starter_load()
    framework = Framework.objects.filter(slug="pedagog-544n").latest("version")
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Самооценка педагогов школы",
        framework=framework,
        organization=world.school,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=20),
        created_by=world.methodist,
    )
    campaign_services.participants_add(campaign=campaign, people=[world.teacher, world.colleague])
    campaign_services.campaign_open(campaign=campaign, by=world.methodist)

    # The self-assessment, reached from «Диагностика».
    browser_login(page, world.teacher.email)
    page.get_by_role("link", name="Диагностика", exact=True).click()
    page.get_by_test_id("take-self").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Самооценка")
    # A competency area a page: «Раздел N из M», «Далее», and «Отправить ответы» on the last.
    areas = [
        a
        for a in framework.areas.prefetch_related("competencies__indicators")
        if any(c.indicators.all() for c in a.competencies.all())
    ]
    for number, area in enumerate(areas, 1):
        expect(page.get_by_test_id("progress")).to_contain_text(f"Раздел {number} из {len(areas)}")
        expect(page.get_by_role("heading", level=2, name=area.title, exact=True)).to_be_visible()
        for competency in area.competencies.all():
            pick = (
                "не применимо" if competency.code in NOT_MINE else LOW.get(competency.code, USUAL)
            )
            for indicator in competency.indicators.all():
                row = page.get_by_role("group", name=indicator.text, exact=True)
                row.get_by_label(pick, exact=True).check()
        last = number == len(areas)
        page.get_by_role("button", name="Отправить ответы" if last else "Далее").click()

    # Her deficits, the worst first.
    page.get_by_role("link", name="Посмотреть мой профиль компетенций").click()
    deficits = page.get_by_test_id("deficits").get_by_role("listitem")
    expect(deficits).to_have_count(3)
    expect(deficits.nth(0)).to_contain_text("Общепользовательская ИКТ-компетентность")
    expect(deficits.nth(2)).to_contain_text("Взаимодействие с родителями")

    # A drafted route: every step says which deficit it addresses.
    page.get_by_role("link", name="Маршруты", exact=True).click()
    page.get_by_test_id("route-draft").click()
    steps = page.get_by_test_id("route-step")
    expect(steps.first).to_be_visible()
    count = steps.count()
    assert count >= 2
    expect(page.get_by_test_id("step-reason")).to_have_count(count)
    for code in ("ЦФ.1", "ЦФ.2", "КМ.2"):
        expect(page.get_by_test_id("route-deficits")).to_contain_text(code)
    expect(page.get_by_test_id("deficit-without-step")).to_have_count(0)

    # She swaps the first step for another activity of the same competency.
    first = steps.first
    before = first.get_by_test_id("step-title").inner_text()
    first.get_by_test_id("step-swap").click()
    alternative = page.get_by_test_id("alternative").first
    chosen = alternative.inner_text().split("·")[0].strip()
    alternative.get_by_role("button", name="Выбрать").click()
    expect(page.get_by_test_id("route-step").first.get_by_test_id("step-title")).to_have_text(
        chosen
    )
    assert chosen != before

    page.get_by_test_id("route-submit").click()
    route = Route.objects.get(user=world.teacher)
    assert route.status == Route.Status.SUBMITTED

    # The methodist approves it.
    page.context.clear_cookies()
    browser_login(page, world.methodist.email)
    page.goto(f"{page.base_url}/routes/review/")
    page.get_by_test_id("review-item").first.get_by_role("link").first.click()
    page.get_by_test_id("route-approve").click()
    route.refresh_from_db()
    assert route.status == Route.Status.APPROVED

    # She marks the first step done with a link and a reflection.
    page.context.clear_cookies()
    browser_login(page, world.teacher.email)
    page.goto(f"{page.base_url}/routes/{route.pk}/")
    page.get_by_test_id("route-step").first.get_by_test_id("step-done").click()
    page.get_by_label("Ссылка").fill("https://school161.ru/metod/tsifrovoy-urok.pdf")
    page.get_by_label(re.compile("Рефлексия")).fill("Провела первый урок с цифровым тренажёром.")
    page.get_by_test_id("step-done-save").click()
    done_step = page.get_by_test_id("route-step").first
    expect(done_step).to_have_attribute("data-status", "done")
    expect(done_step.get_by_test_id("step-evidence")).to_be_visible()

    # The board shows the step done in its month.
    page.context.clear_cookies()
    browser_login(page, world.methodist.email)
    page.goto(f"{page.base_url}/routes/org/{world.school.pk}/board/")
    row = page.get_by_test_id("board-row").filter(has_text=world.teacher.get_full_name())
    expect(row).to_contain_text("✓")
    expect(row).to_contain_text("1/")
    assert Participant.objects.get(campaign=campaign, user=world.teacher).self_done_at
