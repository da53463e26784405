"""Expertise from end to end in Debian's chromium (issue 14): the coordinator opens a blind
campaign and assigns two experts by the button; one expert declines with a reason and the work
goes to a third expert, nobody else moved; both conclusions are written on the rubric; the
author reads them as «Эксперт 1» and «Эксперт 2» and the conclusion's PDF, read back, has the
criteria, the verdict and no expert's name."""

from __future__ import annotations

from io import BytesIO

import pypdf
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from metodset.expertise.models import Campaign, Item, Review
from metodset.expertise.services import items

from .. import factories
from ..conftest import browser_login
from ..expertise import factories as ef

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _review_on_the_rubric(page, review: Review, scores: list[int]) -> None:
    """The expert opens the review from her queue and submits the scores with a verdict."""
    page.goto(f"{page.base_url}{reverse('expertise:my_reviews')}")
    page.get_by_role("link", name=review.item.title).first.click()
    criteria = list(review.item.campaign.rubric.criteria.order_by("order", "pk"))
    for criterion, score in zip(criteria, scores, strict=True):
        page.locator(f"#id_score_{criterion.pk}_{score}").check()
    page.get_by_label("Сильные стороны").fill("Продуманная структура урока.")
    page.get_by_label("рекомендовано", exact=True).check()
    page.get_by_role("button", name="Отправить заключение").click()
    expect(page.get_by_text("Заключение отправлено. Спасибо!")).to_be_visible()
    assert _fits(page)


def test_a_campaign_from_opening_to_the_authors_conclusions(page, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = world.network
    experts = [
        ef.expert(
            network=network,
            organization=factories.organization(short_name=f"МАОУ «Лицей № {n}»"),
            email=f"expert{n}@example.ru",
            last_name=surname,
            subjects="математика",
        )
        for n, surname in enumerate(("Соколова", "Лебедева", "Морозова"), start=1)
    ]
    campaign = ef.campaign(
        network=network,
        status=Campaign.Status.DRAFT,
        reviews_per_item=2,
        max_load=1,
        blindness=Campaign.Blindness.BLIND,
        created_by=world.coordinator,
        title="Экспертиза методических разработок стажёров",
    )

    # the coordinator opens the campaign; the teacher hands in her work; two experts assigned
    browser_login(page, world.coordinator.email)
    page.goto(f"{page.base_url}{reverse('expertise:campaign_detail', args=[campaign.pk])}")
    page.get_by_role("button", name="Открыть экспертизу").click()
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    work = items.item_submit(
        campaign=campaign,
        author=world.teacher,
        title="Урок-исследование «Дроби вокруг нас»",
        annotation="Урок математики в 5 классе.",
        text="Конспект урока с технологической картой.",
        consent=True,
    )
    page.goto(f"{page.base_url}{reverse('expertise:campaign_detail', args=[campaign.pk])}")
    page.get_by_test_id("assign").click()
    page.wait_for_load_state()
    first, second = work.reviews.order_by("number")
    assert first.expert != second.expert

    # the first expert declines with a reason: a third expert gets her number, nobody else moves
    page.context.clear_cookies()
    browser_login(page, first.expert.email)
    page.goto(f"{page.base_url}{reverse('expertise:review_form', args=[first.pk])}")
    page.get_by_label("Почему вы отказываетесь?").fill("Уезжаю на курсы до конца месяца.")
    page.get_by_test_id("decline-form").get_by_role("button").click()
    page.wait_for_load_state()
    first.refresh_from_db()
    assert first.status == Review.Status.DECLINED
    replacement = work.reviews.get(status=Review.Status.ASSIGNED, number=first.number)
    assert replacement.expert not in (first.expert, second.expert)
    assert Review.objects.get(pk=second.pk).status == Review.Status.ASSIGNED

    # both conclusions written on the rubric (0–3 per criterion)
    for review, scores in ((second, [3, 3, 2]), (replacement, [3, 2, 3])):
        page.context.clear_cookies()
        browser_login(page, review.expert.email)
        _review_on_the_rubric(page, review, scores)
    work.refresh_from_db()
    assert work.status in (Item.Status.REVIEWED, Item.Status.REVIEWING)

    # the author reads them anonymised, on the page and in the PDF
    page.context.clear_cookies()
    browser_login(page, world.teacher.email)
    page.goto(f"{page.base_url}{reverse('expertise:item_mine', args=[work.pk])}")
    expect(page.get_by_text("Эксперт 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Эксперт 2", exact=True)).to_be_visible()
    for expert in experts:
        expect(page.get_by_text(expert.last_name)).to_have_count(0)
    assert _fits(page)
    href = page.get_by_role("link", name="Экспертное заключение (PDF)").first.get_attribute("href")
    response = page.request.get(f"{page.base_url}{href}")
    assert response.ok
    pages = pypdf.PdfReader(BytesIO(response.body())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # table cells wrap
    assert "Урок-исследование «Дроби вокруг нас»" in text
    assert "ФГОС" in text and "Практическая значимость" in text
    assert "Эксперт" in text and "рекомендовано" in text
    for expert in experts:
        assert expert.last_name not in text
