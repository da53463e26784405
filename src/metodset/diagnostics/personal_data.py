"""A person's diagnostics in their data export, and what is erased when they are deleted (152-ФЗ).

On deletion the scores stay: the heat maps and a campaign's statistics are built from them, and
the person's row is already anonymised, so the maps show the anonymised name. What was written
about the person in words — the observers' conclusions in observation protocols — is cleared.
Test attempts hold only the chosen options, no free text, so they stay as they are. The
self-assessment answers belong to the questionnaires' export and erasure (surveys).
"""

from __future__ import annotations

from typing import Any

from metodset.accounts.models import User
from metodset.accounts.services import iso

from . import scoring
from .models import (
    CompetencyScore,
    IndicatorScore,
    Observation,
    Participant,
    ResultRow,
    ResultsTable,
    TestAttempt,
)


def _number(value: Any) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Each campaign the person took part in with their profile, protocols and test results,
    and the children's results of the groups they teach."""
    participants = list(
        Participant.objects.filter(user=person)
        .select_related("campaign__framework", "organization")
        .order_by("campaign__starts_on", "campaign_id")
    )
    levels: dict[int, list[CompetencyScore]] = {}
    for score in (
        CompetencyScore.objects.filter(participant__user=person)
        .select_related("competency__area")
        .order_by("competency__area__order", "competency__order", "competency_id")
    ):
        levels.setdefault(score.participant_id, []).append(score)
    protocol_scores: dict[int, list[IndicatorScore]] = {}
    for indicator_score in (
        IndicatorScore.objects.filter(observation__participant__user=person)
        .select_related("indicator")
        .order_by("indicator__competency__order", "indicator__order", "indicator_id")
    ):
        protocol_scores.setdefault(indicator_score.observation_id or 0, []).append(indicator_score)
    observations: dict[int, list[Observation]] = {}
    for observation in (
        Observation.objects.filter(participant__user=person)
        .select_related("observer")
        .order_by("observed_on", "pk")
    ):
        observations.setdefault(observation.participant_id, []).append(observation)
    attempts: dict[int, list[TestAttempt]] = {}
    for attempt in (
        TestAttempt.objects.filter(participant__user=person)
        .select_related("test")
        .order_by("submitted_at", "pk")
    ):
        attempts.setdefault(attempt.participant_id, []).append(attempt)

    data = []
    for participant in participants:
        campaign = participant.campaign
        framework = campaign.framework
        rows = levels.get(participant.pk, [])
        deficits = sorted(
            (s for s in rows if s.deficit),
            key=lambda s: (-scoring.severity(s.level, framework.threshold), s.competency.code),
        )
        data.append(
            {
                "campaign": campaign.title,
                "framework": framework.title,
                "framework_version": framework.version,
                "starts_on": iso(campaign.starts_on),
                "ends_on": iso(campaign.ends_on),
                "organization": participant.organization.name,
                "position": participant.position,
                "experience_years": participant.experience_years,
                "self_assessment_done_at": iso(participant.self_done_at),
                "test_done_at": iso(participant.test_done_at),
                "observed_at": iso(participant.observed_at),
                "profile_computed_at": iso(participant.scored_at),
                "deficit_threshold": _number(framework.threshold),
                "competencies": [
                    {
                        "code": s.competency.code,
                        "title": s.competency.title,
                        "area": s.competency.area.title,
                        "level": s.level,
                        "deficit": s.deficit,
                        "sources": s.sources.split(",") if s.sources else [],
                    }
                    for s in rows
                ],
                "deficits": [f"{s.competency.code} {s.competency.title}" for s in deficits],
                "observations": [
                    {
                        "observed_on": iso(o.observed_on),
                        "subject": o.subject,
                        "observer": o.observer.get_full_name() if o.observer else None,
                        "notes": o.notes,
                        "indicators": [
                            {
                                "code": s.indicator.code,
                                "indicator": s.indicator.text,
                                "level": _number(s.value),
                            }
                            for s in protocol_scores.get(o.pk, [])
                        ],
                    }
                    for o in observations.get(participant.pk, [])
                ],
                "test_attempts": [
                    {
                        "test": a.test.title,
                        "submitted_at": iso(a.submitted_at),
                        "points": a.points,
                        "max_points": a.max_points,
                    }
                    for a in attempts.get(participant.pk, [])
                ],
            }
        )
    return ("diagnostics", {"campaigns": data, "children_results": _children_results(person)})


def _children_results(person: User) -> list[dict[str, Any]]:
    """Results of the groups or classes the person is named the teacher of."""
    tables = list(
        ResultsTable.objects.filter(teacher=person)
        .select_related("organization")
        .order_by("group", "subject", "pk")
    )
    rows: dict[int, list[ResultRow]] = {}
    for row in ResultRow.objects.filter(table__teacher=person).order_by("area", "measured_on"):
        rows.setdefault(row.table_id, []).append(row)
    return [
        {
            "organization": t.organization.name,
            "group": t.group,
            "subject": t.subject,
            "scale": t.scale,
            "rows": [
                {
                    "area": r.area,
                    "measured_on": iso(r.measured_on),
                    "value": r.value,
                    "children": r.children,
                }
                for r in rows.get(t.pk, [])
            ],
        }
        for t in tables
    ]


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Clear the observers' conclusions about the person; the scores stay for the heat maps."""
    Observation.objects.filter(participant__user_id=person_id).exclude(notes="").update(notes="")
