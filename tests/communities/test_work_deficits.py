"""The members' deficits, aggregated for the analysis and the expected results: the pure
functions on plain data, and a constructed case made through diagnostics' own services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from metodset.communities.deficit_shares import Column, deficit_shares, result_dynamics
from metodset.communities.selectors import work as selectors

from .. import factories as base
from ..conftest import client_for
from . import factories

COLUMNS = [Column("МТ.1", "Проектирует урок", "М"), Column("МТ.2", "Оценивает", "М")]


def test_shares_are_of_the_assessed_members_and_change_in_points():
    latest = [{"МТ.1": True, "МТ.2": False}] * 3 + [{"МТ.1": False, "МТ.2": False}]
    previous = [{"МТ.1": True, "МТ.2": True}] * 4
    picture = deficit_shares(members=5, columns=COLUMNS, latest=latest, previous=previous)

    assert picture.shown and picture.assessed == 4 and picture.compared == 4
    by_code = {r.code: r for r in picture.rows}
    assert (by_code["МТ.1"].share, by_code["МТ.1"].with_deficit, by_code["МТ.1"].assessed) == (
        75.0,
        3,
        4,
    )
    assert by_code["МТ.1"].change == -25.0
    assert by_code["МТ.2"].share == 0.0 and by_code["МТ.2"].change == -100.0
    assert [r.code for r in picture.rows] == ["МТ.1", "МТ.2"]  # the largest share first


def test_fewer_than_three_assessed_give_counts_only():
    picture = deficit_shares(
        members=6, columns=COLUMNS, latest=[{"МТ.1": True}, {"МТ.1": False}], previous=[]
    )
    assert not picture.shown and picture.rows == [] and picture.assessed == 2


def test_a_change_needs_three_members_assessed_before():
    latest = [{"МТ.1": True}] * 3
    picture = deficit_shares(members=3, columns=COLUMNS, latest=latest, previous=[{"МТ.1": True}])
    assert picture.rows[0].previous_share is None and picture.rows[0].change is None


def test_dynamics_are_first_against_latest_of_the_linked_areas():
    d = dt.date
    rows = [
        (1, "Речь", d(2026, 9, 1), 40.0),
        (1, "Речь", d(2027, 5, 1), 62.0),
        (1, "Счёт", d(2026, 9, 1), 50.0),
        (2, "Речь", d(2026, 9, 1), 10.0),
    ]
    out = result_dynamics(rows, wanted={1: {"Речь"}}, labels={1: "Старшая группа: Развитие"})
    assert [(x.area, x.first, x.latest, x.change) for x in out] == [("Речь", 40.0, 62.0, 22.0)]
    everything = result_dynamics(rows, wanted={1: set()}, labels={})
    assert {x.area for x in everything} == {"Речь", "Счёт"}


# --- a constructed case through diagnostics' services --------------------------------------

DEFICIT = {"МТ.1.1": 1, "МТ.1.2": 1, "МТ.2.1": 3, "МТ.2.2": 3, "ЦФ.1.1": 3, "ЦФ.1.2": 3}
NO_DEFICIT = dict.fromkeys(DEFICIT, 3)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2027, 2, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def case(db):
    """Four members; spring 2026 every one had МТ.1 (Проектирует урок) below the threshold,
    autumn 2026 three of four. A colleague outside the community has it too: not counted."""
    community, chair, others = factories.work_community(members=3)
    outsider = factories.teacher_of(community.organization)
    members = [chair, *others]
    base.campaign_scored(
        organization=community.organization,
        scores={**dict.fromkeys(members, DEFICIT), outsider: DEFICIT},
        title="Весна 2026",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 20),
    )
    autumn = {m: DEFICIT for m in members[:3]} | {members[3]: NO_DEFICIT, outsider: DEFICIT}
    base.campaign_scored(
        organization=community.organization,
        scores=autumn,
        title="Осень 2026",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 20),
    )
    return community, chair, outsider


def test_members_deficits_aggregate_the_latest_against_the_previous(case):
    community, _chair, _outsider = case
    deficits = selectors.members_deficits(community)
    picture = deficits.picture

    assert (picture.members, picture.assessed, picture.compared) == (4, 4, 4)
    assert deficits.campaigns == ["Осень 2026"]
    rows = {r.code: r for r in picture.rows}
    assert (rows["МТ.1"].share, rows["МТ.1"].with_deficit, rows["МТ.1"].change) == (75.0, 3, -25.0)
    assert rows["МТ.2"].share == 0.0 and rows["МТ.2"].change == 0.0


def test_the_analysis_page_shows_shares_never_a_teachers_level(case):
    community, chair, outsider = case
    page = client_for(chair).get(reverse("communities:analysis", args=[community.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Прошли диагностику: 4 из 4 участников." in text
    assert "75 % <span" in text and "(3/4)" in text and "−25 п. п." in text
    assert "Воспитатель0" not in text  # nobody named beside the deficits


def test_with_two_members_assessed_only_the_counts_are_shown(db):
    community, chair, others = factories.work_community(members=3)
    base.campaign_scored(
        organization=community.organization, scores={chair: DEFICIT, others[0]: NO_DEFICIT}
    )
    page = client_for(chair).get(reverse("communities:analysis", args=[community.pk]))

    text = page.content.decode()
    assert "Прошли диагностику: 2 из 4 участников." in text
    assert "показано только их число" in text
    assert 'data-testid="deficit-shares"' not in text
