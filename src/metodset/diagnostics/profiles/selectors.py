"""Reads of diagnostics: a person's competency profile, deficits and their change.

``deficits_of`` is what routes draft from: a list of the person's deficits, the most severe
first, each with the sources it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from metodset.accounts.models import User
from metodset.diagnostics import scoring
from metodset.diagnostics.models import (
    Campaign,
    Competency,
    CompetencyScore,
    Framework,
    Participant,
)


@dataclass(frozen=True)
class CompetencyLevel:
    competency_id: int
    code: str
    title: str
    area_code: str
    area_title: str
    labour_function: str
    level: float | None  # None: nothing was scored for it
    deficit: bool
    severity: float  # how far below the threshold; 0 when not a deficit
    sources: tuple[str, ...]
    previous: float | None = None  # the level in the person's previous campaign

    @property
    def change(self) -> float | None:
        if self.level is None or self.previous is None:
            return None
        return round(self.level - self.previous, 2)


@dataclass
class Profile:
    person: User
    participant: Participant
    campaign: Campaign
    framework: Framework
    previous_campaign: Campaign | None
    rows: list[CompetencyLevel] = field(default_factory=list)

    @property
    def threshold(self) -> float:
        return float(self.framework.threshold)

    @property
    def deficits(self) -> list[CompetencyLevel]:
        return sorted((r for r in self.rows if r.deficit), key=lambda r: (-r.severity, r.code))

    @property
    def scored(self) -> bool:
        return any(r.level is not None for r in self.rows)


def participations(user: User) -> QuerySet[Participant]:
    """The person's campaigns, the latest first."""
    return (
        Participant.objects.filter(user=user)
        .select_related("campaign__framework", "organization")
        .order_by("-campaign__starts_on", "-campaign_id")
    )


def latest_participation(user: User, *, scored: bool = True) -> Participant | None:
    qs = participations(user)
    if scored:
        qs = qs.filter(scored_at__isnull=False)
    return qs.first()


def _previous(participant: Participant) -> Participant | None:
    """The person's scored participation before this one in a framework of the same code."""
    campaign = participant.campaign
    return (
        participations(participant.user)
        .filter(
            scored_at__isnull=False,
            campaign__framework__slug=campaign.framework.slug,
            campaign__starts_on__lt=campaign.starts_on,
        )
        .first()
    )


def _levels_by_code(participant: Participant) -> dict[str, float]:
    return dict(
        CompetencyScore.objects.filter(participant=participant).values_list(
            "competency__code", "level"
        )
    )


def profile_of(participant: Participant) -> Profile:
    """Every competency of the framework with the participant's level, deficit and sources,
    and the level of the person's previous campaign (matched by competency code, so a newer
    version of the framework still compares)."""
    campaign = participant.campaign
    framework = campaign.framework
    scores = {s.competency_id: s for s in CompetencyScore.objects.filter(participant=participant)}
    previous = _previous(participant)
    before = _levels_by_code(previous) if previous else {}
    rows = []
    competencies = Competency.objects.filter(framework=framework).select_related("area")
    for c in competencies.order_by("area__order", "order", "pk"):
        s = scores.get(c.pk)
        rows.append(
            CompetencyLevel(
                competency_id=c.pk,
                code=c.code,
                title=c.title,
                area_code=c.area.code,
                area_title=c.area.title,
                labour_function=c.labour_function,
                level=s.level if s else None,
                deficit=bool(s and s.deficit),
                severity=scoring.severity(s.level, framework.threshold) if s else 0.0,
                sources=tuple(s.sources.split(",")) if s and s.sources else (),
                previous=before.get(c.code),
            )
        )
    return Profile(
        person=participant.user,
        participant=participant,
        campaign=campaign,
        framework=framework,
        previous_campaign=previous.campaign if previous else None,
        rows=rows,
    )


def deficits_of(user: User, *, participant: Participant | None = None) -> list[CompetencyLevel]:
    """The person's deficits in their latest scored campaign (or the one given), worst first."""
    participant = participant or latest_participation(user)
    if participant is None:
        return []
    return profile_of(participant).deficits
