"""From the competency profile to the route: the button on one's own profile only."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from metodset.diagnostics.models import Participant
from metodset.routes import services

from .. import factories
from ..conftest import client_for


def _scored(world):
    campaign = factories.campaign_scored(
        organization=world.school,
        scores={world.teacher: {"МТ.1.1": 0}},
        title="Осень",
        ends_on=dt.date(2026, 11, 1),
    )
    return Participant.objects.get(campaign=campaign)


def test_own_profile_offers_the_route_and_leads_to_it(world):
    participant = _scored(world)
    client = client_for(world.teacher)
    page = client.get(reverse("diagnostics:my_profile"))
    url = reverse("routes:from_profile", args=[participant.pk])
    assert url in page.content.decode()
    assert client.get(url)["Location"] == reverse("routes:mine")
    route = services.route_draft_for(user=world.teacher)
    assert client.get(url)["Location"] == reverse("routes:route", args=[route.pk])


def test_someone_elses_profile_has_no_such_button(world):
    participant = _scored(world)
    page = client_for(world.methodist).get(reverse("diagnostics:profile", args=[participant.pk]))
    assert page.status_code == 200
    assert reverse("routes:from_profile", args=[participant.pk]) not in page.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    participant = _scored(world)
    response = client.get(reverse("routes:from_profile", args=[participant.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
