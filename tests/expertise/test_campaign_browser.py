"""The coordinator's journey in a browser: a campaign's page, assignment by the button, a
stall given to another expert, the results with alpha and an item's decision; every page
passes axe-core and fits a laptop and a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from metodset.accounts.models import Membership
from metodset.expertise.models import Campaign, Review

from .. import factories
from ..browser.test_accessibility_browser import VIEWPORTS, Visit, _problems_on
from ..conftest import browser_login
from . import factories as ef

pytestmark = pytest.mark.browser


def test_a_coordinator_assigns_reassigns_and_decides(browser, live_server):
    network = factories.network(partners=[factories.organization()])
    coordinator = factories.person(
        network_=network, role=Membership.Role.NETWORK_COORDINATOR, email="coord@example.ru"
    )
    experts = [ef.expert(network=network, organization=factories.organization()) for _ in range(4)]
    campaign = ef.campaign(
        network=network,
        status=Campaign.Status.OPEN,
        reviews_per_item=2,
        title="Взаимоэкспертиза методических разработок стажёров площадки",
    )
    works = [
        ef.item(
            campaign_=campaign,
            authors=[factories.person(organization_=factories.organization())],
            title=f"Урок-исследование «Дроби вокруг нас», вариант {n}",
        )
        for n in range(3)
    ]
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    browser_login(page, coordinator.email)
    page.goto(live_server.url + reverse("expertise:campaign_detail", args=[campaign.pk]))
    page.get_by_test_id("assign").click()
    page.wait_for_load_state()
    assert Review.objects.filter(status=Review.Status.ASSIGNED).count() == 6

    stalled = works[0].reviews.order_by("number").first()
    Review.objects.filter(pk=stalled.pk).update(due_at=stalled.assigned_at.replace(year=2020))
    page.goto(live_server.url + reverse("expertise:campaign_detail", args=[campaign.pk]))
    page.get_by_test_id("stalls").get_by_role("button", name="Передать другому эксперту").click()
    page.wait_for_load_state()
    stalled.refresh_from_db()
    assert stalled.status == Review.Status.WITHDRAWN
    assert works[0].reviews.filter(status=Review.Status.ASSIGNED).count() == 2

    for work in works[1:]:
        for review in work.reviews.all():
            review.delete()
        ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 2])
        ef.review(item_=work, expert_=experts[1], number=2, scores=[3, 2, 2])
    page.goto(live_server.url + reverse("expertise:item_detail", args=[works[1].pk]))
    page.get_by_label("Решение").select_option("recommended")
    page.get_by_label("Обоснование решения").fill("Оба эксперта рекомендуют")
    page.get_by_role("button", name="Принять решение").click()
    page.wait_for_load_state()
    works[1].refresh_from_db()
    assert works[1].status == "accepted"

    problems: list[str] = []
    for path in (
        reverse("expertise:campaigns"),
        reverse("expertise:campaign_create"),
        reverse("expertise:campaign_detail", args=[campaign.pk]),
        reverse("expertise:campaign_edit", args=[campaign.pk]),
        reverse("expertise:campaign_items", args=[campaign.pk]),
        reverse("expertise:campaign_results", args=[campaign.pk]),
        reverse("expertise:item_detail", args=[works[1].pk]),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, path
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            problems += _problems_on(page, Visit(coordinator.email, path), width, height)
        page.set_viewport_size({"width": 1366, "height": 768})
    context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
