"""After reviews: the extra review when experts differ, «reviewed» otherwise, the
coordinator's decision, and the campaign's results with the agreement between experts."""

from __future__ import annotations

import pytest

from metodset.accounts.models import AuditEntry
from metodset.expertise.models import Decision, Item, Review
from metodset.expertise.selectors.campaigns import campaign_results
from metodset.expertise.services import results
from metodset.expertise.services.campaigns import CampaignError

from .. import factories
from . import factories as ef


@pytest.fixture
def world(db):
    network = factories.network()
    experts = [ef.expert(network=network, organization=factories.organization()) for _ in range(3)]
    campaign = ef.campaign(network=network, spread_limit=25)
    work = ef.item(
        campaign_=campaign,
        authors=[factories.person(organization_=factories.organization())],
        status=Item.Status.REVIEWING,
    )
    return campaign, work, experts


def test_experts_far_apart_get_an_extra_review_once(world):
    campaign, work, experts = world
    ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 3])
    ef.review(item_=work, expert_=experts[1], number=2, scores=[1, 1, 0])
    extra = results.item_after_review(item=work)
    assert extra is not None and extra.extra and extra.number == 3
    assert extra.expert == experts[2]
    extra.delete()
    Review.objects.create(item=work, expert=experts[2], number=3, extra=True, status="declined")
    assert results.item_after_review(item=work) is None
    work.refresh_from_db()
    assert work.status == Item.Status.REVIEWED


def test_close_reviews_leave_the_item_to_the_coordinator(world):
    _campaign, work, experts = world
    ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 3])
    ef.review(item_=work, expert_=experts[1], number=2, scores=[3, 2, 3])
    assert results.item_after_review(item=work) is None
    work.refresh_from_db()
    assert work.status == Item.Status.REVIEWED


def test_an_unfinished_review_waits(world):
    _campaign, work, experts = world
    ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 3])
    ef.review(item_=work, expert_=experts[1], number=2)
    assert results.item_after_review(item=work) is None
    work.refresh_from_db()
    assert work.status == Item.Status.REVIEWING


def test_the_decision_is_kept_with_its_reason_and_audited(world):
    campaign, work, experts = world
    ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 3])
    decision = results.item_decide(
        item=work,
        verdict=Item.Verdict.REVISE,
        reason="Доработать рефлексию",
        by=campaign.created_by,
    )
    work.refresh_from_db()
    assert work.status == Item.Status.REVISION and work.verdict == "revise"
    assert Decision.objects.get() == decision and decision.version == 1
    assert AuditEntry.objects.filter(action="expertise_item_decide").exists()


def test_no_decision_before_a_review(world):
    _campaign, work, _experts = world
    with pytest.raises(CampaignError):
        results.item_decide(item=work, verdict="recommended", reason="", by=None)


def test_results_give_median_spread_and_alpha(world):
    campaign, work, experts = world
    other = ef.item(campaign_=campaign, authors=[], title="Вторая")
    ef.review(item_=work, expert_=experts[0], number=1, scores=[3, 3, 3])
    ef.review(item_=work, expert_=experts[1], number=2, scores=[3, 3, 2])
    ef.review(item_=other, expert_=experts[0], number=1, scores=[1, 1, 1])
    ef.review(item_=other, expert_=experts[1], number=2, scores=[1, 1, 0])
    found = campaign_results(campaign)
    row = found.rows[0]
    assert row.item == work
    assert [round(t, 1) for t in row.result.totals] == [100.0, 91.7]
    assert round(row.result.median_total, 2) == 95.83
    assert found.overall.alpha is not None and found.overall.alpha > 0.8
    assert len(found.by_criterion) == 3
