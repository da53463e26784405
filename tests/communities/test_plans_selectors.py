"""The organisation's deficit trends read from two campaigns made through diagnostics' services,
and the match table computed from them against a plan tagged with competencies."""

from __future__ import annotations

import datetime as dt

import pytest

from metodset.communities import matching
from metodset.communities.matching import Direction
from metodset.communities.selectors import plans as selectors
from metodset.communities.services import plans as services
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.models import Competency, Framework

from .. import factories as base

pytestmark = pytest.mark.django_db

DEFICIT, FINE = 1, 3  # levels under and over the small framework's threshold (2)
INDICATORS = {
    "МТ.1": ("МТ.1.1", "МТ.1.2"),
    "МТ.2": ("МТ.2.1", "МТ.2.2"),
    "ЦФ.1": ("ЦФ.1.1", "ЦФ.1.2"),
}


def levels(*deficits: str) -> dict[str, int]:
    """Every indicator of the small framework: the competencies in ``deficits`` below the
    threshold, the others above it."""
    return {
        code: DEFICIT if competency in deficits else FINE
        for competency, codes in INDICATORS.items()
        for code in codes
    }


def closed_campaign(organization, people_deficits, *, framework, title, starts_on):
    """A closed campaign of the organisation: ``people_deficits`` is [(person, [codes])]."""
    campaign = base.campaign_scored(
        organization=organization,
        framework=framework,
        scores={person: levels(*codes) for person, codes in people_deficits},
        title=title,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=20),
    )
    return campaign_services.campaign_close(campaign=campaign)


def staff(organization, n):
    return [base.person(organization_=organization) for _ in range(n)]


def two_campaigns(organization, *, framework=None, latest_framework=None):
    """Five teachers. Spring: МТ.1 20 %, МТ.2 60 %, ЦФ.1 40 %. Autumn: МТ.1 40 % (growing),
    МТ.2 40 % (falling), ЦФ.1 40 % (stable)."""
    framework = framework or base.framework_small()
    people = staff(organization, 5)
    a, b, c, d, e = people
    spring = closed_campaign(
        organization,
        [(a, ["МТ.1", "МТ.2"]), (b, ["МТ.2", "ЦФ.1"]), (c, ["МТ.2", "ЦФ.1"]), (d, []), (e, [])],
        framework=framework,
        title="Весна 2026",
        starts_on=dt.date(2026, 3, 1),
    )
    autumn = closed_campaign(
        organization,
        [(a, ["МТ.1", "МТ.2"]), (b, ["МТ.1", "ЦФ.1"]), (c, ["МТ.2", "ЦФ.1"]), (d, []), (e, [])],
        framework=latest_framework or framework,
        title="Осень 2026",
        starts_on=dt.date(2026, 10, 1),
    )
    return spring, autumn


def by_code(trends):
    return {
        t.code: (round(t.share, 2), t.previous_share and round(t.previous_share, 2)) for t in trends
    }


def test_the_trends_compare_the_latest_two_closed_campaigns(world):
    spring, autumn = two_campaigns(world.school)
    base.campaign_scored(  # still open: not a result yet
        organization=world.school,
        framework=autumn.framework,
        scores={base.person(organization_=world.school): levels("МТ.1")},
        title="Зима 2027",
        starts_on=dt.date(2027, 1, 10),
    )

    trends = selectors.organization_trends(organization=world.school, viewer=world.methodist)

    assert (trends.campaign, trends.previous, trends.assessed) == (autumn, spring, 5)
    assert by_code(trends.trends) == {
        "МТ.1": (0.4, 0.2),
        "МТ.2": (0.4, 0.6),
        "ЦФ.1": (0.4, 0.4),
    }
    assert [t.code for t in trends.trends] == ["МТ.1", "МТ.2", "ЦФ.1"]  # the framework's order


def test_other_organisations_scores_are_left_out(world):
    framework = base.framework_small()
    two_campaigns(world.school, framework=framework)
    closed_campaign(
        world.kindergarten,
        [(p, ["МТ.1", "МТ.2", "ЦФ.1"]) for p in staff(world.kindergarten, 4)],
        framework=framework,
        title="Детский сад",
        starts_on=dt.date(2026, 11, 1),
    )

    trends = selectors.organization_trends(organization=world.school, viewer=world.methodist)

    assert trends.campaign.title == "Осень 2026"
    assert by_code(trends.trends)["МТ.1"] == (0.4, 0.2)


def test_a_previous_campaign_on_another_version_is_matched_by_code(world):
    old, new = base.framework_small(), base.framework_small()
    assert (old.slug, new.version) == (new.slug, old.version + 1)

    trends = selectors.organization_trends(
        organization=world.school, viewer=world.methodist
    )  # nothing yet
    assert trends.campaign is None and trends.trends == []

    two_campaigns(world.school, framework=old, latest_framework=new)
    trends = selectors.organization_trends(organization=world.school, viewer=world.methodist)

    assert by_code(trends.trends)["МТ.2"] == (0.4, 0.6)
    assert {t.competency_id for t in trends.trends} <= set(
        Competency.objects.filter(framework=new).values_list("pk", flat=True)
    )


def test_a_network_campaign_counts_for_its_partner_and_small_groups_stay_hidden(world):
    framework = base.framework_small()
    people = staff(world.kindergarten, 2)
    campaign = base.campaign_scored(
        organization=world.kindergarten,
        framework=framework,
        scores={p: levels("МТ.1") for p in people},
    )
    campaign.organization, campaign.network = None, world.network
    campaign.save(update_fields=["organization", "network"])
    campaign_services.campaign_close(campaign=campaign)

    for_coordinator = selectors.organization_trends(
        organization=world.kindergarten, viewer=world.coordinator
    )
    for_admin = selectors.organization_trends(
        organization=world.kindergarten, viewer=world.superuser
    )

    assert for_coordinator.hidden and for_coordinator.trends == []
    assert not for_admin.hidden and by_code(for_admin.trends)["МТ.1"] == (1.0, None)


def test_the_match_of_a_constructed_plan(world):
    framework = base.framework_small()
    two_campaigns(world.school, framework=framework)
    competency = {c.code: c for c in Competency.objects.filter(framework=framework)}
    plan = services.plan_create(organization=world.school, year=2026, by=world.methodist)
    feedback = services.topic_add(
        plan=plan,
        month=2,
        title="Обратная связь на уроке",
        competencies=[competency["МТ.2"]],
        by=world.methodist,
    )
    digital = services.topic_add(
        plan=plan,
        month=10,
        title="Цифровые ресурсы",
        competencies=[competency["ЦФ.1"]],
        by=world.methodist,
    )
    choir = services.topic_add(plan=plan, month=12, title="Хор учителей", by=world.methodist)

    trends = selectors.organization_trends(organization=world.school, viewer=world.methodist)
    table = matching.match(trends.trends, selectors.match_topics(plan, framework.pk))

    assert [(r.deficit.code, r.direction, [t.topic_id for t in r.topics]) for r in table.rows] == [
        ("МТ.1", Direction.GROWING, []),
        ("МТ.2", Direction.FALLING, [feedback.pk]),
        ("ЦФ.1", Direction.STABLE, [digital.pk]),
    ]
    assert [r.deficit.code for r in table.gaps] == ["МТ.1"]
    assert [t.topic_id for t in table.unbacked] == [choir.pk]


def test_topics_tagged_in_an_older_version_match_the_latest_campaign(world):
    old, new = base.framework_small(), base.framework_small()
    two_campaigns(world.school, framework=old, latest_framework=new)
    plan = services.plan_create(organization=world.school, year=2026, by=world.methodist)
    topic = services.topic_add(
        plan=plan,
        month=9,
        title="Проектирование урока",
        competencies=[Competency.objects.get(framework=old, code="МТ.1")],
        by=world.methodist,
    )
    new_mt1 = Competency.objects.get(framework=new, code="МТ.1")

    assert selectors.match_topics(plan, new.pk)[0].competency_ids == {new_mt1.pk}
    assert topic.competencies.get().framework == old


def test_the_competencies_to_tag_are_those_of_the_organisations_campaigns(world):
    framework = base.framework_small()
    closed_campaign(
        world.school,
        [(p, []) for p in staff(world.school, 3)],
        framework=framework,
        title="Осень",
        starts_on=dt.date(2026, 10, 1),
    )

    school = list(selectors.plan_competencies(world.school))
    other = selectors.plan_frameworks(world.outside_org)

    assert [c.code for c in school] == ["МТ.1", "МТ.2", "ЦФ.1"]
    assert "pedagog-544n" in {f.slug for f in other}  # the platform's frameworks instead
    assert all(f.network_id is None and f.status == Framework.Status.PUBLISHED for f in other)
