"""Writes of profiles: a source's indicator scores stored and the competency levels folded."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodset.diagnostics import scoring
from metodset.diagnostics.models import (
    CompetencyScore,
    IndicatorScore,
    Observation,
    Participant,
)


def scores_record(
    *,
    participant: Participant,
    source: str,
    values: Mapping[int, Decimal | float | None],
    observation: Observation | None = None,
) -> None:
    """Store (replace) a source's indicator scores for a participant and refold the profile."""
    with transaction.atomic():
        existing = IndicatorScore.objects.filter(participant=participant, source=source)
        existing = (
            existing.filter(observation=observation)
            if observation
            else existing.filter(observation__isnull=True)
        )
        existing.filter(indicator_id__in=values.keys()).delete()
        IndicatorScore.objects.bulk_create(
            IndicatorScore(
                participant=participant,
                indicator_id=indicator_id,
                source=source,
                observation=observation,
                value=None if value is None else Decimal(str(value)),
            )
            for indicator_id, value in values.items()
        )
        participant_refold(participant=participant)


def participant_refold(*, participant: Participant) -> list[CompetencyScore]:
    """Recompute the participant's competency levels and deficits from all indicator scores."""
    framework = participant.campaign.framework
    rows = IndicatorScore.objects.filter(participant=participant).values_list(
        "indicator__competency_id", "indicator_id", "source", "value", "observation_id"
    )
    levels = scoring.competency_levels(
        (scoring.Score(*row) for row in rows), threshold=framework.threshold
    )
    CompetencyScore.objects.filter(participant=participant).delete()
    created = CompetencyScore.objects.bulk_create(
        CompetencyScore(
            participant=participant,
            campaign_id=participant.campaign_id,
            organization_id=participant.organization_id,
            competency_id=level.competency_id,
            level=level.level,
            deficit=level.deficit,
            sources=",".join(level.sources),
        )
        for level in levels
    )
    participant.scored_at = timezone.now()
    participant.save(update_fields=["scored_at"])
    return created
