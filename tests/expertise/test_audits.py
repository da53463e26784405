"""The methodical audit of an organisation: the result of each audit by criterion with the
experts' recommendations and the change since the audit before, read by the organisation's
staff and the network's coordinators, nobody else."""

from datetime import timedelta

import pytest
from django.urls import reverse

from metodset.expertise.models import Campaign, Review
from metodset.expertise.services import items

from . import factories


def _audit(world, *, title, scores, ago_days):
    campaign = factories.campaign(
        network=world.network, kind=Campaign.Kind.AUDIT, status=Campaign.Status.OPEN, title=title
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=campaign.created_at - timedelta(days=ago_days)
    )
    (item,) = items.items_for_audit(
        campaign=campaign, organizations=[world.school], by=world.coordinator
    )
    for number, pattern in enumerate(scores, start=1):
        expert = factories.expert(network=world.network, organization=world.kindergarten)
        review = factories.review(item_=item, expert_=expert, number=number, scores=pattern)
        Review.objects.filter(pk=review.pk).update(recommendations=f"Совет эксперта {number}")
    return item


@pytest.fixture
def audits(world):
    _audit(world, title="Аудит 2025 года", scores=[[1, 1, 1], [1, 2, 1]], ago_days=365)
    return _audit(world, title="Аудит 2026 года", scores=[[3, 2, 2], [2, 2, 3]], ago_days=0)


@pytest.mark.parametrize("who", ["methodist", "manager", "coordinator"])
def test_the_result_and_its_change_are_read_by_staff_and_coordinators(world, audits, client, who):
    client.force_login(getattr(world, who))

    page = client.get(reverse("expertise:organization_audit", args=[world.school.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Аудит 2026 года") < text.index("Аудит 2025 года")
    assert "Совет эксперта 1" in text and "Соответствие требованиям ФГОС" in text
    assert 'data-testid="change">(+' in text


@pytest.mark.parametrize("who", ["teacher", "kg_teacher"])
def test_teachers_and_other_organisations_get_404(world, audits, client, who):
    client.force_login(getattr(world, who))

    page = client.get(reverse("expertise:organization_audit", args=[world.school.pk]))

    assert page.status_code == 404
