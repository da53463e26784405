"""The shared expertise factories make what they say."""

from metodset.expertise.models import Review

from . import factories


def test_a_submitted_review_has_its_scores_and_total(world):
    campaign = factories.campaign(network=world.network)
    expert = factories.expert(network=world.network, organization=world.kindergarten)
    item = factories.item(campaign_=campaign, authors=[world.teacher])
    review = factories.review(item_=item, expert_=expert, scores=[3, 2, 1])
    assert review.status == Review.Status.SUBMITTED
    assert review.scores.count() == 3
    assert float(review.total) == 66.7  # (3 + 2·2 + 1) of 12
    assert item.authors.get().organization == world.school
