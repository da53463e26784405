"""A campaign with one item by the world's teacher and one review assigned to an expert, for the
tests of the expert's and the author's side (test_reviews_*, test_authoring_*)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from metodset.accounts.models import User
from metodset.expertise.models import Campaign, Item, Review

from . import factories


@dataclass
class Reviewing:
    campaign: Campaign
    item: Item
    expert: User
    review: Review
    criteria: list


@pytest.fixture(name="reviewing")
def reviewing_fixture(world, settings, tmp_path) -> Reviewing:
    settings.MEDIA_ROOT = tmp_path / "media"
    expert = factories.expert(
        network=world.network,
        organization=world.kindergarten,
        email="expert@example.ru",
        last_name="Соколова",
        first_name="Елена",
        middle_name="Викторовна",
    )
    campaign = factories.campaign(
        network=world.network, created_by=world.coordinator, reviews_per_item=1
    )
    item = factories.item(campaign_=campaign, authors=[world.teacher], status=Item.Status.REVIEWING)
    review = factories.review(item_=item, expert_=expert)
    criteria = list(campaign.rubric.criteria.order_by("order", "pk"))
    return Reviewing(campaign, item, expert, review, criteria)


def form_data(criteria, scores, comments=None, **fields) -> dict[str, str]:
    """POST data of the review form: one score (or None) per criterion in order."""
    data = {}
    for index, (criterion, score) in enumerate(zip(criteria, scores, strict=True)):
        if score is not None:
            data[f"score_{criterion.pk}"] = str(score)
        data[f"comment_{criterion.pk}"] = (comments or {}).get(index, "")
    data.update(fields)
    return data
