"""Diagnostics at the size of a region, and its heat maps timed.

Every person of the bench region (30,000 in 1,500 organisations) is assessed twice, in an
autumn and a spring network campaign, on a framework of 21 competencies and 60 indicators: two
versions of it, so that the spring map compares with the autumn one by competency code as it
would after a framework update. That is 3.6 million indicator scores, written with plain
``executemany`` (``COPY`` on PostgreSQL) and then folded into 1.2 million competency scores by
one ``INSERT … SELECT`` per campaign — the scoring rule for a single source (the mean of the
indicators a person scored, rounded to hundredths, below the threshold a deficit), which a
test checks against ``campaigns.participant_refold``. Heat maps read only the competency
scores; the indicator scores are there because that is the size the issue names.

Given the campaigns of an earlier call, ``diagnostics_generate`` assesses only the people the
region gained since, in the same two campaigns, with the same organisation strengths and
competency difficulties, and folds the campaigns again: the communities section
(``bench/communities.py``) has the whole region assessed twice at its small size and again at
its large one, as the full run's heat maps then are.

Levels are drawn so that the map has something to show: each organisation has its own
strength, each competency its difficulty (digital and inclusive education the hardest, as in
the regional centres' reports), each person their own; spring is a third of a level better.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from metodset.accounts.models import Membership, NetworkPartner, Organization, User
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.frameworks.data import (
    AreaData,
    CompetencyData,
    FrameworkData,
    IndicatorData,
    shipped,
)
from metodset.diagnostics.models import (
    Campaign,
    CompetencyScore,
    Framework,
    Indicator,
    IndicatorScore,
    Participant,
)

from .generate import BenchRegion

SEED = 20261124
SLUG = "bench-pedagog"
INDICATORS = 60
INDICATORS_PER_COMPETENCY = 3
LEFT_OUT = {"ЦФ.1"}  # two indicators: without it 60 in all
SPRING_GAIN = 0.33  # levels
NOT_APPLICABLE_SHARE = 0.03  # people who mark one competency «не применимо»
CHUNK = 50_000
FILTER_POSITION = "учитель начальных классов"


@dataclass
class Draw:
    """What the levels are drawn from, kept so that people added later are drawn alike."""

    rng: random.Random
    strength: dict[int, float] = field(default_factory=dict)  # organisation id → offset
    ability: dict[int, float] = field(default_factory=dict)  # user id → offset
    not_applicable: dict[int, int] = field(default_factory=dict)  # user id → competency order
    difficulty: dict[int, dict[int, float]] = field(default_factory=dict)  # framework id → …


@dataclass
class Campaigns:
    autumn: Campaign
    spring: Campaign
    organization: Organization  # the organisation whose map of teachers is timed
    methodist: User
    draw: Draw | None = field(default=None, repr=False)


def framework_data() -> FrameworkData:
    """The shipped «Педагог» framework at most three indicators a competency and without ЦФ.1:
    21 competencies in six areas, 60 indicators."""
    source = next(d for d in shipped() if d.slug == "pedagog-544n")
    areas: list[AreaData] = []
    for area in source.areas:
        competencies = [
            CompetencyData(
                code=competency.code,
                title=competency.title,
                labour_function=competency.labour_function,
                indicators=[
                    IndicatorData(code=i.code, text=i.text)
                    for i in competency.indicators[:INDICATORS_PER_COMPETENCY]
                ],
            )
            for competency in area.competencies
            if competency.code not in LEFT_OUT
        ]
        areas.append(AreaData(code=area.code, title=area.title, competencies=competencies))
    data = FrameworkData(
        slug=SLUG,
        title=source.title,
        description="",
        threshold=source.threshold,
        levels=source.levels,
        areas=areas,
    )
    assert data.indicator_count == INDICATORS, data.indicator_count
    return data


def _difficulties(rng: random.Random, framework: Framework) -> dict[int, float]:
    """{competency id: offset}: the later areas (psychology, digital) are harder."""
    out = {}
    for competency_id, area_order in framework.competencies.values_list("pk", "area__order"):
        out[competency_id] = rng.uniform(-0.35, 0.25) - 0.12 * area_order
    return out


def diagnostics_generate(
    *, bench: BenchRegion, seed: int = SEED, made: Campaigns | None = None
) -> tuple[Campaigns, dict]:
    """Two campaigns of the bench network with every person of it assessed in both. With
    ``made`` (an earlier call's campaigns), only the people not yet assessed are, in them."""
    draw = made.draw if made is not None and made.draw is not None else Draw(random.Random(seed))
    rng = draw.rng
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    data = framework_data()
    if made is None:
        autumn_framework = framework_services.framework_import(data=data)
        spring_framework = framework_services.framework_import(
            data=data
        )  # version 2: new ids, same codes
    else:
        autumn_framework, spring_framework = made.autumn.framework, made.spring.framework
    org_ids = list(
        NetworkPartner.objects.filter(network=bench.network).values_list(
            "organization_id", flat=True
        )
    )
    memberships = Membership.objects.filter(organization_id__in=org_ids)
    if made is not None:
        assessed = Participant.objects.filter(campaign=made.autumn).values("user_id")
        memberships = memberships.exclude(user_id__in=assessed)
    people = list(
        memberships.order_by("user_id", "pk").values_list(
            "user_id", "organization_id", "user__position", "user__experience_years"
        )
    )
    first_workplace: dict[int, tuple[int, int, str, int | None]] = {}
    for person in people:
        first_workplace.setdefault(person[0], person)
    people = list(first_workplace.values())
    difficulty_order = [c.code for a in data.areas for c in a.competencies]
    for org_id in org_ids:
        if org_id not in draw.strength:
            draw.strength[org_id] = rng.gauss(0, 0.3)
    for user_id, *_ in people:
        draw.ability[user_id] = rng.gauss(0, 0.45)
    for user_id, *_ in people:
        if rng.random() < NOT_APPLICABLE_SHARE:
            draw.not_applicable[user_id] = rng.randrange(len(difficulty_order))
    made_now = []
    for index, (title, starts_on, framework, gain) in enumerate((
        ("Диагностика профессиональных дефицитов, осень 2025", date(2025, 9, 15),
         autumn_framework, 0.0),
        ("Диагностика профессиональных дефицитов, весна 2026", date(2026, 3, 16),
         spring_framework, SPRING_GAIN),
    )):  # fmt: skip
        if made is not None:
            campaign = (made.autumn, made.spring)[index]
        else:
            campaign = Campaign.objects.create(
                title=title,
                framework=framework,
                network=bench.network,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=21),
                status=Campaign.Status.CLOSED,
                created_by=bench.coordinator,
            )
        clock = time.perf_counter()
        done = timezone.now()
        with transaction.atomic():
            participants = Participant.objects.bulk_create(
                (
                    Participant(
                        campaign=campaign,
                        user_id=user_id,
                        organization_id=org_id,
                        position=position,
                        experience_years=experience,
                        self_done_at=done,
                        scored_at=done,
                    )
                    for user_id, org_id, position, experience in people
                ),
                batch_size=2000,
            )
        seconds["participants"] = seconds.get("participants", 0) + time.perf_counter() - clock
        if any(p.pk is None for p in participants):  # a database that returns no ids
            ids = dict(campaign.participants.values_list("user_id", "pk"))
            pairs = [(ids[user_id], user_id, org_id) for user_id, org_id, *_ in people]
        else:
            pairs = [(p.pk, p.user_id, p.organization_id) for p in participants]
        if framework.pk not in draw.difficulty:
            draw.difficulty[framework.pk] = _difficulties(rng, framework)
        difficulty = draw.difficulty[framework.pk]
        order = {cid: n for n, cid in enumerate(sorted(difficulty))}
        indicators = list(
            Indicator.objects.filter(framework=framework)
            .order_by("competency_id", "pk")
            .values_list("pk", "competency_id")
        )
        clock = time.perf_counter()
        scores = _write_scores(
            rng,
            pairs,
            indicators,
            difficulty,
            order,
            draw.strength,
            draw.ability,
            draw.not_applicable,
            gain,
        )
        seconds["indicator_scores"] = (
            seconds.get("indicator_scores", 0) + time.perf_counter() - clock
        )
        clock = time.perf_counter()
        folded = fold(campaign)
        seconds["fold"] = seconds.get("fold", 0) + time.perf_counter() - clock
        made_now.append((campaign, scores, folded))
    if made is not None:
        organization, methodist = made.organization, made.methodist
    else:
        organization, methodist = _timed_organization(bench, org_ids)
    generated = {
        "participants": len(people),
        "organizations": len({org_id for _, org_id, *_ in people}),
        "competencies": len(difficulty_order),
        "indicators": INDICATORS,
        "campaigns": len(made_now),
        "indicator_scores": sum(scores for _, scores, _ in made_now),
        "competency_scores": sum(folded for *_, folded in made_now),
        "seconds": {key: round(value, 2) for key, value in seconds.items()},
    }
    campaigns = Campaigns(made_now[0][0], made_now[1][0], organization, methodist, draw)
    return campaigns, generated


def _timed_organization(bench: BenchRegion, org_ids: list[int]) -> tuple[Organization, User]:
    """The first partner with a methodist, other than the lead, and its methodist."""
    organization = (
        Organization.objects.filter(pk__in=org_ids, memberships__role=Membership.Role.METHODIST)
        .exclude(pk=bench.lead.pk)
        .order_by("pk")
        .first()
    )
    assert organization is not None
    methodist = User.objects.filter(
        memberships__organization=organization, memberships__role=Membership.Role.METHODIST
    ).first()
    assert methodist is not None
    return organization, methodist


def _write_scores(
    rng: random.Random,
    pairs: list[tuple[int, int, int]],
    indicators: list[tuple[int, int]],
    difficulty: dict[int, float],
    order: dict[int, int],
    strength: dict[int, float],
    ability: dict[int, float],
    not_applicable: dict[int, int],
    gain: float,
) -> int:
    """Self-assessment levels 0–3 of every indicator of every participant; returns the count.

    A level is the person's expected level of the competency rounded up or down at random in
    proportion (so the mean stays the expected one)."""
    table = IndicatorScore._meta.db_table
    columns = "participant_id, indicator_id, source, observation_id, value"
    random_ = rng.random
    written = 0

    def rows():  # type: ignore[no-untyped-def]
        for participant_id, user_id, org_id in pairs:
            base = 1.95 + gain + strength[org_id] + ability[user_id]
            skip = not_applicable.get(user_id)
            for indicator_id, competency_id in indicators:
                if skip is not None and order[competency_id] == skip:
                    yield (participant_id, indicator_id, "self", None, None)
                    continue
                level = int(base + difficulty[competency_id] + random_())
                yield (
                    participant_id,
                    indicator_id,
                    "self",
                    None,
                    0 if level < 0 else 3 if level > 3 else level,
                )

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY is several times faster than INSERTs
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    written += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
            chunk: list[tuple] = []
            for row in rows():
                chunk.append(row)
                if len(chunk) == CHUNK:
                    cursor.executemany(sql, chunk)
                    written += len(chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)
                written += len(chunk)
    return written


def fold(campaign: Campaign) -> int:
    """Competency scores of the campaign from its self-assessment scores, in one statement.

    For a single source the scoring rule is the mean of the scored indicators, rounded to
    hundredths, a deficit below the threshold (``scoring.competency_levels``)."""
    scores = IndicatorScore._meta.db_table
    participants = Participant._meta.db_table
    indicators = Indicator._meta.db_table
    target = CompetencyScore._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {target} WHERE campaign_id = %s", [campaign.pk])
        cursor.execute(
            f"""
            INSERT INTO {target}
                (participant_id, campaign_id, organization_id, competency_id, level, deficit,
                 sources)
            SELECT s.participant_id, p.campaign_id, p.organization_id, i.competency_id,
                   ROUND(AVG(s.value), 2), ROUND(AVG(s.value), 2) < %s, 'self'
            FROM {scores} s
            JOIN {participants} p ON p.id = s.participant_id
            JOIN {indicators} i ON i.id = s.indicator_id
            WHERE p.campaign_id = %s AND s.value IS NOT NULL
            GROUP BY s.participant_id, p.campaign_id, p.organization_id, i.competency_id
            """,
            [float(campaign.framework.threshold), campaign.pk],
        )
        return cursor.rowcount


# --- the pages ---------------------------------------------------------------------------------

PAGE_TITLES = {
    "trivial": "trivial view",
    "heatmap": "network heat map",
    "heatmap_dynamics": "  with dynamics",
    "heatmap_filtered": "  kind+position+experience",
    "heatmap_org": "org heat map, methodist",
    "heatmap_org_anonymised": "org map, coordinator",
    "heatmap_xlsx": "network heat map XLSX",
}


def page_urls(bench: BenchRegion, made: Campaigns) -> list[tuple[str, str, User]]:
    """(name, url, viewer) of the timed pages; the trivial view first, as the runner wants."""
    spring, autumn = made.spring.pk, made.autumn.pk
    network = f"/diagnostics/campaigns/{spring}/heatmap/"
    org = f"{network}org/{made.organization.pk}/?compare={autumn}"
    return [
        ("trivial", "/bench/trivial/", bench.coordinator),
        ("heatmap", network, bench.coordinator),
        ("heatmap_dynamics", f"{network}?compare={autumn}", bench.coordinator),
        (
            "heatmap_filtered",
            f"{network}?kind=school&position={FILTER_POSITION}&experience=10-20",
            bench.coordinator,
        ),
        ("heatmap_org", org, made.methodist),
        ("heatmap_org_anonymised", org, bench.coordinator),
        ("heatmap_xlsx", f"{network}?compare={autumn}&format=xlsx", bench.coordinator),
    ]


COLD_ROUNDS = 5


def cold_timings(
    pages: list[tuple[str, str, User]], *, trivial_ms: float, rounds: int = COLD_ROUNDS
) -> dict[str, dict[str, float]]:
    """The heat maps with nothing cached: the cache is emptied before every request, so each
    one reads the competency scores again (what the first visitor after a change waits)."""
    clients: dict[int, Client] = {}
    out = {}
    for name, url, viewer in pages[1:]:
        if viewer.pk not in clients:
            clients[viewer.pk] = Client(raise_request_exception=False)
            clients[viewer.pk].force_login(viewer)
        timings = []
        for _ in range(rounds):
            cache.clear()
            clock = time.perf_counter()
            clients[viewer.pk].get(url)
            timings.append((time.perf_counter() - clock) * 1000)
        median = statistics.median(timings)
        out[name] = {
            "median_ms": round(median, 2),
            "ratio_to_trivial": round(median / trivial_ms, 1),
        }
    return out


def report_lines(result: dict[str, Any]) -> list[str]:
    lines = [""]
    if "error" in result:
        return [*lines, f"Diagnostics: FAILED: {result['error']}"]
    gen = result["generation"]
    seconds = gen["seconds"]
    lines += [
        f"Diagnostics: {gen['participants']:,} people in {gen['organizations']:,} organisations "
        f"assessed in {gen['campaigns']} campaigns on {gen['indicators']} indicators "
        f"({gen['competencies']} competencies, two framework versions)",
        f"  {gen['indicator_scores']:,} indicator scores written in "
        f"{seconds['indicator_scores']:.1f} s, folded into {gen['competency_scores']:,} "
        f"competency scores in {seconds['fold']:.1f} s; participants "
        f"{seconds['participants']:.1f} s",
        f"{'page':<28}{'median ms':>11}{'p95 ms':>9}{'× trivial':>11}{'queries':>9}"
        f"{'cold ms':>10}{'× trivial':>11}",
    ]
    cold = result.get("cold", {})
    for row in result["pages"]:
        title = PAGE_TITLES.get(row["page"], row["page"])
        if row["status"] != 200:
            title = f"{title} [HTTP {row['status']}]"
        first = cold.get(row["page"])
        lines.append(
            f"{title:<28}{row['median_ms']:>11.2f}{row['p95_ms']:>9.2f}"
            f"{row['ratio_to_trivial'] or 0:>11.1f}{row['queries']:>9}"
            + (f"{first['median_ms']:>10.2f}{first['ratio_to_trivial']:>11.1f}" if first else "")
        )
    lines.append(
        "  median of the timed requests (the map's GROUP BY cached after the first); cold: "
        f"the cache emptied before each of {COLD_ROUNDS} requests"
    )
    return lines
