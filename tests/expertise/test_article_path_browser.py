"""In Debian's chromium, on a phone: an author starts an article as a draft, comes back to it
from her works, hands it in; an expert reviews it, the coordinator accepts it and includes it
in the conference's proceedings (through the services); the author reads the path's last
step, and nothing on her pages is wider than the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from metodset.expertise.models import Campaign, Item
from metodset.expertise.services import assigning, results, reviews
from metodset.expertise.services import conference as conferences

from ..conftest import browser_login
from . import factories

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _review_and_accept(item: Item, *, expert, coordinator, conference) -> None:
    assigned = assigning.campaign_assign(campaign=item.campaign, by=coordinator)
    assert assigned.ok, assigned.problems
    review = assigned.reviews[0]
    criteria = list(item.campaign.rubric.criteria.order_by("order", "pk"))
    reviews.review_draft_save(
        review=review,
        scores={c.pk: (c.max_score, "") for c in criteria},
        strengths="Ясная структура, примеры из практики.",
        shortcomings="",
        recommendations="",
        verdict=Item.Verdict.RECOMMENDED,
        by=expert,
    )
    reviews.review_submit(review=review, by=expert)
    item.refresh_from_db()
    results.item_decide(
        item=item, verdict=Item.Verdict.RECOMMENDED, reason="Рекомендовать", by=coordinator
    )
    item.refresh_from_db()
    conferences.article_include(item=item, by=coordinator, conference=conference)


def test_an_article_from_draft_to_the_proceedings_on_a_phone(page, world):
    call = factories.campaign(
        network=world.network,
        rubric_=factories.shipped_rubric(),
        kind=Campaign.Kind.ARTICLES,
        status=Campaign.Status.OPEN,
        title="Статьи в сборник сети",
        reviews_per_item=1,
        submissions_until=timezone.now() + timedelta(days=5),
        created_by=world.coordinator,
    )
    expert = factories.expert(network=world.network, organization=world.kindergarten)
    starts = timezone.now() + timedelta(days=30)
    conference = conferences.conference_create(
        network=world.network,
        title="Конференция «Читаем вместе»",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        by=world.coordinator,
        rubric=factories.shipped_rubric(),
    )

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, world.teacher.email)
    page.goto(f"{page.base_url}/expertise/calls/")
    calls = page.get_by_test_id("call").filter(has_text="Статьи в сборник сети")
    calls.get_by_role("link", name="Подать работу").click()
    assert _fits(page)
    page.get_by_label("Название работы").fill("Смысловое чтение на уроках математики")
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_text("Черновик сохранён.")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_contain_text("черновик")
    assert _fits(page)

    page.goto(f"{page.base_url}/expertise/")
    page.goto(f"{page.base_url}/expertise/my-items/")
    page.get_by_role("link", name="Продолжить").click()
    expect(page.get_by_label("Название работы")).to_have_value(
        "Смысловое чтение на уроках математики"
    )
    page.get_by_role("button", name="Передать на экспертизу").click()
    expect(page.get_by_text("Без согласия с правилами работу подать нельзя.")).to_be_visible()
    assert _fits(page)

    page.get_by_label("Аннотация").fill("Приёмы работы с текстом задачи в 5–6 классах.")
    page.get_by_label("Текст").fill("Статья о том, как ученики учатся читать условие задачи.")
    page.get_by_label("Я согласен(на) на экспертизу работы по правилам этой кампании.").check()
    page.get_by_role("button", name="Передать на экспертизу").click()
    expect(page.get_by_text("Работа подана.")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_contain_text("на экспертизе")
    assert _fits(page)

    item = Item.objects.get(campaign=call)
    assert item.status == Item.Status.SUBMITTED
    _review_and_accept(item, expert=expert, coordinator=world.coordinator, conference=conference)

    page.reload()
    current = page.locator('[aria-current="step"]')
    expect(current).to_contain_text("включена в сборник")
    expect(
        page.get_by_text("Работа включена в сборник «Конференция «Читаем вместе»».")
    ).to_be_visible()
    expect(page.get_by_text("Эксперт 1", exact=True)).to_be_visible()
    assert _fits(page)
