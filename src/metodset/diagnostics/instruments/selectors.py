"""Reads of tests with keys: the attempt, the result and the items' statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from metodset.accounts.models import User
from metodset.diagnostics.instruments.keys import item_points
from metodset.diagnostics.models import (
    Campaign,
    Participant,
    Test,
    TestAttempt,
    TestItem,
)


def test_locked(test: Test) -> bool:
    """Items cannot change once somebody has taken the test."""
    return test.attempts.exists()


def attempt_of(participant: Participant) -> TestAttempt | None:
    test_id = participant.campaign.test_id
    if test_id is None:
        return None
    return TestAttempt.objects.filter(participant=participant, test_id=test_id).first()


@dataclass
class ItemReview:
    item: TestItem
    chosen: list[int]
    earned: int

    @property
    def correct(self) -> bool:
        return self.earned == self.item.points


@dataclass
class CompetencyResult:
    code: str
    title: str
    area_title: str
    points: int
    max_points: int
    level: float

    @property
    def percent(self) -> int:
        return round(100 * self.points / self.max_points) if self.max_points else 0


@dataclass
class TestResult:
    attempt: TestAttempt
    max_level: int
    competencies: list[CompetencyResult]
    items: list[ItemReview]

    @property
    def percent(self) -> int:
        a = self.attempt
        return round(100 * a.points / a.max_points) if a.max_points else 0


def test_result(attempt: TestAttempt, *, max_level: int) -> TestResult:
    """Points in total and by competency, and each item with the answers given."""
    items = list(
        attempt.test.items.select_related("indicator__competency__area").order_by("order", "pk")
    )
    by_competency: dict[int, CompetencyResult] = {}
    reviews = []
    for item in items:
        chosen = attempt.answers.get(str(item.pk), [])
        earned = item_points(key=item.key, points=item.points, chosen=chosen)
        reviews.append(ItemReview(item=item, chosen=chosen, earned=earned))
        competency = item.indicator.competency
        row = by_competency.setdefault(
            competency.pk,
            CompetencyResult(competency.code, competency.title, competency.area.title, 0, 0, 0.0),
        )
        row.points += earned
        row.max_points += item.points
    for row in by_competency.values():
        row.level = round(row.points / row.max_points * max_level, 2) if row.max_points else 0.0
    return TestResult(
        attempt=attempt,
        max_level=max_level,
        competencies=list(by_competency.values()),
        items=reviews,
    )


def tests_waiting(user: User) -> QuerySet[Participant]:
    """The person's open campaigns with a test not taken yet, the nearest deadline first."""
    return (
        Participant.objects.filter(
            user=user,
            campaign__status=Campaign.Status.OPEN,
            campaign__test__isnull=False,
            test_done_at__isnull=True,
        )
        .select_related("campaign__test")
        .order_by("campaign__ends_on", "campaign_id")
    )


@dataclass
class ItemStat:
    item: TestItem
    right: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def item_stats(test: Test) -> list[ItemStat]:
    """How many of those who took the test answered each item right (no names): the items
    most people miss point at a deficit of the whole staff, or at a badly worded item."""
    items = list(test.items.select_related("indicator").order_by("order", "pk"))
    right = dict.fromkeys((i.pk for i in items), 0)
    total = 0
    for answers in test.attempts.values_list("answers", flat=True).iterator():
        total += 1
        for item in items:
            chosen = answers.get(str(item.pk), [])
            if item_points(key=item.key, points=item.points, chosen=chosen):
                right[item.pk] += 1
    return [ItemStat(item, right[item.pk], total) for item in items]


def test_items(participant: Participant) -> list[TestItem]:
    """The items of the participant's campaign's test, in their order."""
    test = participant.campaign.test
    return list(test.items.order_by("order", "pk")) if test is not None else []


def tests_listed(tests: QuerySet[Test]) -> QuerySet[Test]:
    """Tests with their owners and how many items and attempts each has, by title."""
    return (
        tests.select_related("framework", "organization", "network")
        .annotate(item_count=Count("items", distinct=True))
        .annotate(attempt_count=Count("attempts", distinct=True))
        .order_by("title", "pk")
    )


def test_page(test: Test) -> dict[str, Any]:
    """A test's items with how often each was answered right, its totals and its campaigns."""
    stats = item_stats(test)
    items = [s.item for s in stats]
    return {
        "test": test,
        "items": items,
        "stats": stats,
        "total_points": sum(i.points for i in items),
        "indicator_count": len({i.indicator_id for i in items}),
        "locked": test_locked(test),
        "attempt_count": test.attempts.count(),
        "campaigns": Campaign.objects.filter(test=test).order_by("-starts_on"),
    }
