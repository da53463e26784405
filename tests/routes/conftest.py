"""Deficit profiles made through diagnostics' own services, for the routes' tests."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from metodset.diagnostics.models import Campaign, Framework, Indicator, Participant, Source
from metodset.diagnostics.profiles import services as profile_services

SCHOOL_YEAR = 2026
TODAY = dt.date(2026, 9, 10)  # the drafts of the tests are made on this day


@pytest.fixture(autouse=True)
def _clock_on_today():
    """The routes' tests plan a school year around ``TODAY``: the clock is put on that morning
    (Moscow time) and runs on from there, so «overdue», «upcoming» and registration windows
    mean the same on any day the suite is run."""
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


def framework_544n() -> Framework:
    return Framework.objects.filter(slug="pedagog-544n").order_by("-version").first()


def assess(user, organization, levels: dict[str, float], *, others: float = 3) -> Participant:
    """A closed self-assessment of ``user``: every indicator of each competency code in
    ``levels`` at that level, all other indicators at ``others``."""
    framework = framework_544n()
    campaign = Campaign.objects.filter(organization=organization, framework=framework).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            title="Диагностика профессиональных дефицитов 2026",
            framework=framework,
            organization=organization,
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 9, 8),
            status=Campaign.Status.CLOSED,
        )
    participant, _created = Participant.objects.get_or_create(
        campaign=campaign, user=user, defaults={"organization": organization}
    )
    values = {
        indicator.pk: levels.get(indicator.competency.code, others)
        for indicator in Indicator.objects.filter(framework=framework).select_related("competency")
    }
    profile_services.scores_record(participant=participant, source=Source.SELF, values=values)
    return participant


@pytest.fixture
def teacher_with_deficits(world):
    """Елена Викторовна: оценивание (МТ.4) at 0, родители (КМ.2) at 1, ЦОР (ЦФ.2) at 1.5."""
    assess(world.teacher, world.school, {"МТ.4": 0, "КМ.2": 1, "ЦФ.2": 1.5})
    return world.teacher
