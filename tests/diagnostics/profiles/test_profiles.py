"""Competency profiles: a person's levels and deficits folded from the sources, the previous
campaign beside them, and who may open a colleague's profile."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.models import Campaign, CompetencyScore, IndicatorScore, Participant
from metodset.diagnostics.profiles import selectors as profile_selectors
from metodset.diagnostics.profiles import services as profile_services
from tests import factories

from ...conftest import client_for


@pytest.fixture(autouse=True)
def _clock_in_the_campaign():
    """The campaigns of this module run through the autumn of 2026: the clock is put in the
    middle of it and runs on from there, whatever day the suite is run."""
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def framework(db):
    return factories.framework_small()


@pytest.fixture
def campaign(world, framework):
    c = Campaign.objects.create(
        title="Осень 2026",
        framework=framework,
        organization=world.school,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 20),
        observation=True,
        created_by=world.methodist,
    )
    campaign_services.participants_add(campaign=c, people=campaign_selectors.default_people(c))
    return c


def _indicators(framework):
    return {i.code: i for i in framework.indicators.all()}


def _levels(participant) -> dict[str, tuple[float, bool, str]]:
    return {
        s.competency.code: (s.level, s.deficit, s.sources)
        for s in CompetencyScore.objects.filter(participant=participant).select_related(
            "competency"
        )
    }


# --- folding the scores -------------------------------------------------------------------------


def test_recording_a_source_again_replaces_its_scores_and_refolds(world, campaign):
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant, source="self", values={ids["МТ.1.1"].pk: 0}
    )
    assert _levels(participant) == {"МТ.1": (0.0, True, "self")}

    profile_services.scores_record(
        participant=participant,
        source="self",
        values={ids["МТ.1.1"].pk: 3, ids["МТ.2.1"].pk: None},
    )
    # МТ.1.1 is 3 now (one row, not two); МТ.2.1 «не применимо»: МТ.2 gets no level.
    assert IndicatorScore.objects.filter(participant=participant, value__isnull=False).count() == 1
    assert _levels(participant) == {"МТ.1": (3.0, False, "self")}


def test_the_profile_lists_every_competency_and_the_deficits_worst_first(world, campaign):
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant,
        source="self",
        values={ids["МТ.1.1"].pk: 1, ids["МТ.1.2"].pk: 2, ids["ЦФ.1.1"].pk: 0},
    )
    profile = profile_selectors.profile_of(participant)
    assert [(r.code, r.level, r.deficit, r.severity) for r in profile.rows] == [
        ("МТ.1", 1.5, True, 0.5),  # (1 + 2) / 2, half a level below the threshold of 2
        ("МТ.2", None, False, 0.0),
        ("ЦФ.1", 0.0, True, 2.0),
    ]
    assert [r.code for r in profile.deficits] == ["ЦФ.1", "МТ.1"]
    assert [r.code for r in profile_selectors.deficits_of(world.teacher)] == ["ЦФ.1", "МТ.1"]


def test_a_person_never_assessed_has_no_deficits(world, campaign):
    assert profile_selectors.deficits_of(world.kg_teacher) == []


def test_dynamics_compare_with_the_previous_campaign(world, framework):
    ids = _indicators(framework)
    spring = None
    for title, start, value in (
        ("Осень", dt.date(2025, 10, 1), 1),
        ("Весна", dt.date(2026, 4, 1), 3),
    ):
        c = Campaign.objects.create(
            title=title,
            framework=framework,
            organization=world.school,
            starts_on=start,
            ends_on=start + dt.timedelta(days=30),
        )
        campaign_services.participants_add(campaign=c, people=[world.teacher])
        p = Participant.objects.get(campaign=c)
        profile_services.scores_record(
            participant=p, source="self", values={ids["МТ.1.1"].pk: value, ids["МТ.1.2"].pk: value}
        )
        spring = p
    profile = profile_selectors.profile_of(spring)
    row = next(r for r in profile.rows if r.code == "МТ.1")
    assert profile.previous_campaign.title == "Осень"
    assert (row.previous, row.level, row.change) == (1.0, 3.0, 2.0)


# --- who sees a person's deficits ---------------------------------------------------------------


@pytest.fixture
def scored(world, campaign):
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant, source="self", values={ids["МТ.1.1"].pk: 0}
    )
    return participant


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("teacher", 302),  # her own: redirected to «Мой профиль»
        ("methodist", 200),
        ("manager", 200),
        ("colleague", 404),
        ("kg_teacher", 404),
        ("coordinator", 404),  # aggregates only, without the named-results permission
        ("council", 404),
    ],
)
def test_who_may_open_a_profile(world, scored, who, status):
    response = client_for(getattr(world, who)).get(reverse("diagnostics:profile", args=[scored.pk]))
    assert response.status_code == status


def test_a_coordinator_with_the_permission_sees_names(world, scored):
    world.coordinator.user_permissions.add(Permission.objects.get(codename="view_named_results"))
    response = client_for(world.coordinator).get(reverse("diagnostics:profile", args=[scored.pk]))
    assert response.status_code == 200


def test_anonymous_is_sent_to_log_in(client, scored):
    response = client.get(reverse("diagnostics:profile", args=[scored.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
