"""The self-assessment a section at a time in Debian's chromium: a teacher answers two areas,
closes the browser, comes back another time, finds her draft where she left it and finishes;
her competency profile then exists."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.models import Campaign, CompetencyScore, Framework, Participant
from metodset.surveys.models import Draft

from ..conftest import browser_login

pytestmark = pytest.mark.browser
USUAL = "2 — базовый"
HIGH = "3 — продвинутый"


def _answer_area(page, area, pick: str = USUAL, *, only_first: bool = False) -> None:
    competencies = list(area.competencies.all())
    for competency in competencies[:1] if only_first else competencies:
        for indicator in competency.indicators.all():
            row = page.get_by_role("group", name=indicator.text, exact=True)
            row.get_by_label(pick, exact=True).check()


def _expect_checked(page, area, pick: str, *, only_first: bool = False) -> None:
    competencies = list(area.competencies.all())
    for competency in competencies[:1] if only_first else competencies:
        for indicator in competency.indicators.all():
            row = page.get_by_role("group", name=indicator.text, exact=True)
            expect(row.get_by_label(pick, exact=True)).to_be_checked()


def _take_self_assessment(page) -> None:
    page.get_by_role("link", name="Диагностика", exact=True).click()
    page.get_by_test_id("take-self").click()


def test_teacher_leaves_the_self_assessment_half_done_and_finishes_it_another_time(
    browser, page, world
):
    # Browser tests run on a flushed database: what the data migrations load is loaded again.
    framework_services.frameworks_load_shipped()
    framework = Framework.objects.filter(slug="pedagog-544n").latest("version")
    areas = list(framework.areas.prefetch_related("competencies__indicators"))
    total = len(areas)
    assert total >= 4
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Самооценка педагогов школы",
        framework=framework,
        organization=world.school,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=20),
        created_by=world.methodist,
    )
    campaign_services.participants_add(campaign=campaign, people=[world.teacher])
    campaign_services.campaign_open(campaign=campaign, by=world.methodist)

    browser_login(page, world.teacher.email)
    _take_self_assessment(page)
    progress = page.get_by_test_id("progress")
    expect(progress).to_contain_text(f"Раздел 1 из {total}")
    expect(page.get_by_role("button", name="Отправить ответы")).to_have_count(0)

    # «Далее» with an area unanswered: the page stays, the question says what is missing.
    page.get_by_role("button", name="Далее").click()
    expect(progress).to_contain_text(f"Раздел 1 из {total}")
    expect(page.get_by_test_id("errors-summary")).to_be_visible()
    expect(page.get_by_test_id("question-error").first).to_have_text(
        "Ответьте для каждой строки таблицы."
    )

    # Two areas answered, the third begun: the draft is saved while she clicks.
    _answer_area(page, areas[0])
    page.get_by_role("button", name="Далее").click()
    expect(progress).to_contain_text(f"Раздел 2 из {total}")
    _answer_area(page, areas[1], HIGH)
    page.get_by_role("button", name="Далее").click()
    expect(progress).to_contain_text(f"Раздел 3 из {total}")
    expect(page.get_by_role("heading", level=2, name=areas[2].title, exact=True)).to_be_visible()
    _answer_area(page, areas[2], only_first=True)
    expect(page.get_by_test_id("draft-status")).to_contain_text("Черновик сохранён")

    # She closes the browser: nothing of the draft lives in it.
    page.context.close()
    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    try:
        again = context.new_page()
        again.set_default_timeout(15000)
        again.base_url = page.base_url  # type: ignore[attr-defined]
        browser_login(again, world.teacher.email)
        # On a phone this time, from «Моя неделя», which says the questionnaire is begun.
        week = again.get_by_test_id("week-questionnaires")
        expect(week.get_by_test_id("week-draft")).to_contain_text("черновик сохранён (раздел 3)")
        campaign.refresh_from_db()
        week.get_by_role("link", name=campaign.questionnaire.title).click()
        expect(again.get_by_test_id("draft-restored")).to_contain_text("Черновик от")
        progress = again.get_by_test_id("progress")
        expect(progress).to_contain_text(f"Раздел 3 из {total}")
        expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "3")
        _expect_checked(again, areas[2], USUAL, only_first=True)
        again.get_by_role("button", name="Назад").click()
        expect(progress).to_contain_text(f"Раздел 2 из {total}")
        _expect_checked(again, areas[1], HIGH)

        # She finishes: the rest of the third area and the areas after it.
        again.get_by_role("button", name="Далее").click()
        for number, area in enumerate(areas[2:], 3):
            expect(progress).to_contain_text(f"Раздел {number} из {total}")
            _answer_area(again, area)
            last = number == total
            again.get_by_role("button", name="Отправить ответы" if last else "Далее").click()
        expect(again.get_by_role("heading", name="Спасибо!")).to_be_visible()
        again.get_by_role("link", name="Посмотреть мой профиль компетенций").click()
        expect(again.get_by_role("heading", level=1)).to_contain_text(re.compile("рофиль"))

        participant = Participant.objects.get(campaign=campaign, user=world.teacher)
        assert participant.self_done_at is not None
        assert CompetencyScore.objects.filter(participant=participant).count() == sum(
            len(area.competencies.all()) for area in areas
        )
        assert not Draft.objects.exists()
    finally:
        context.close()
