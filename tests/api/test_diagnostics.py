"""Diagnostics in the API: frameworks for everybody signed in, profiles as the pages allow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.models import Campaign, Framework, Participant
from metodset.diagnostics.profiles import services as profile_services

from .. import factories
from ..conftest import client_for


@pytest.fixture
def scored(world):
    """A campaign of the school with two people scored: the teacher low, the colleague high."""
    return factories.campaign_scored(
        organization=world.school,
        scores={
            world.teacher: {"МТ.1.1": 1, "МТ.1.2": 1},
            world.colleague: {"МТ.1.1": 3, "МТ.1.2": 3},
        },
    )


def test_frameworks_with_their_tree(world):
    client = client_for(world.teacher)
    listed = client.get("/api/diagnostics/frameworks").json()
    slugs = {f["slug"] for f in listed}
    assert "pedagog-544n" in slugs
    framework = Framework.objects.get(slug="pedagog-544n")
    tree = client.get(f"/api/diagnostics/frameworks/{framework.pk}").json()
    assert tree["threshold"] == 2.0 and [lv["value"] for lv in tree["levels"]] == [0, 1, 2, 3]
    indicators = sum(len(c["indicators"]) for a in tree["areas"] for c in a["competencies"])
    assert indicators == framework.indicators.count()


def test_my_profile_lists_my_deficits(world, scored):
    body = client_for(world.teacher).get("/api/diagnostics/profile").json()
    assert body["full_name"] == world.teacher.get_full_name()
    assert body["deficits"] == ["МТ.1"]
    row = next(c for c in body["competencies"] if c["code"] == "МТ.1")
    assert row["level"] == 1.0 and row["severity"] == 1.0 and row["sources"] == ["self"]


def test_no_profile_is_404(world):
    assert client_for(world.kg_teacher).get("/api/diagnostics/profile").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("teacher", 200),
        ("methodist", 200),
        ("colleague", 404),
        ("coordinator", 404),
        ("kg_teacher", 404),
    ],
)
def test_who_gets_a_profile(world, scored, who, status):
    participant = Participant.objects.get(campaign=scored, user=world.teacher)
    response = client_for(getattr(world, who)).get(f"/api/diagnostics/profiles/{participant.pk}")
    assert response.status_code == status


def test_campaign_profiles_only_by_name_where_allowed(world, scored):
    body = client_for(world.methodist).get(f"/api/diagnostics/campaigns/{scored.pk}/profiles")
    assert body.status_code == 200
    assert body.json()["count"] == 2
    assert (
        client_for(world.coordinator)
        .get(f"/api/diagnostics/campaigns/{scored.pk}/profiles")
        .status_code
        == 404
    )
    assert (
        client_for(world.teacher)
        .get(f"/api/diagnostics/campaigns/{scored.pk}/profiles")
        .status_code
        == 404
    )


def test_network_staff_need_the_permission_for_names(world):
    framework = factories.framework_small("net")
    campaign = Campaign.objects.create(
        title="Сетевая",
        framework=framework,
        network=world.network,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 1),
    )
    campaign_services.participants_add(campaign=campaign, people=[world.teacher])
    participant = Participant.objects.get(campaign=campaign)
    indicator = framework.indicators.first()
    profile_services.scores_record(participant=participant, source="self", values={indicator.pk: 2})
    url = f"/api/diagnostics/campaigns/{campaign.pk}/profiles"
    assert client_for(world.coordinator).get(url).json()["count"] == 0
    world.coordinator.user_permissions.add(Permission.objects.get(codename="view_named_results"))
    assert client_for(world.coordinator).get(url).json()["count"] == 1
