"""In Debian's chromium, on a phone: an expert scores a work on the rubric, is told what is
missing, submits; the author reads the conclusion as «Эксперт 1»."""

import pytest
from playwright.sync_api import expect

from metodset.expertise.models import Review

from ..conftest import browser_login
from .reviewing import reviewing_fixture  # noqa: F401

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_expert_reviews_on_a_phone_and_the_author_reads_expert_1(page, reviewing, world):
    first, second, third = reviewing.criteria
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, reviewing.expert.email)
    page.goto(f"{page.base_url}/expertise/reviews/")
    assert _fits(page)
    page.get_by_role("link", name="Урок-исследование «Дроби вокруг нас»").click()
    # The click starts a navigation: measure the review page once its rubric is there.
    expect(page.locator(f"#id_score_{first.pk}_3")).to_be_visible()
    assert _fits(page)

    page.locator(f"#id_score_{first.pk}_3").check()
    page.locator(f"#id_score_{third.pk}_1").check()
    page.get_by_label("Сильные стороны").fill("Продуманная рефлексия.")
    page.get_by_role("button", name="Отправить заключение").click()

    expect(page.get_by_text("Оцените этот критерий.")).to_be_visible()
    expect(page.get_by_text("Оценка ниже 2 требует вашего обоснования.")).to_be_visible()
    expect(page.get_by_label("Сильные стороны")).to_have_value("Продуманная рефлексия.")
    assert _fits(page)

    page.locator(f"#id_score_{second.pk}_2").check()
    page.locator(f"#id_comment_{third.pk}").fill("Практическая часть не описана.")
    page.get_by_label("рекомендовано после доработки").check()
    page.get_by_role("button", name="Отправить заключение").click()
    expect(page.get_by_text("Заключение отправлено. Спасибо!")).to_be_visible()
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.SUBMITTED

    page.context.clear_cookies()
    browser_login(page, world.teacher.email)
    page.goto(f"{page.base_url}/expertise/my-items/{reviewing.item.pk}/")
    expect(page.get_by_text("Эксперт 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Соколова")).to_have_count(0)
    assert _fits(page)
