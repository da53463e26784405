"""Reads of frameworks: a stored framework as plain data."""

from __future__ import annotations

from django.db.models import QuerySet

from metodset.diagnostics.frameworks.data import (
    AreaData,
    CompetencyData,
    FrameworkData,
    IndicatorData,
)
from metodset.diagnostics.models import Framework


def framework_data(framework: Framework) -> FrameworkData:
    """The stored framework as plain data, for export."""
    areas: dict[int, AreaData] = {}
    competencies: dict[int, CompetencyData] = {}
    for area in framework.areas.order_by("order", "pk"):
        areas[area.pk] = AreaData(code=area.code, title=area.title)
    for competency in framework.competencies.order_by("area__order", "order", "pk"):
        competencies[competency.pk] = CompetencyData(
            code=competency.code,
            title=competency.title,
            labour_function=competency.labour_function,
        )
        areas[competency.area_id].competencies.append(competencies[competency.pk])
    for indicator in framework.indicators.order_by(
        "competency__area__order", "competency__order", "order", "pk"
    ):
        competencies[indicator.competency_id].indicators.append(
            IndicatorData(code=indicator.code, text=indicator.text)
        )
    return FrameworkData(
        slug=framework.slug,
        title=framework.title,
        description=framework.description,
        threshold=framework.threshold,
        levels=framework.levels,
        areas=list(areas.values()),
        version=framework.version,
    )


def framework_versions(framework: Framework) -> QuerySet[Framework]:
    """Every version of the framework's slug, the newest first."""
    return Framework.objects.filter(slug=framework.slug).order_by("-version")
