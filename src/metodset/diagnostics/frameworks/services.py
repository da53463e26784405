"""Writes of frameworks: imported as new versions, the shipped ones loaded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from metodset.accounts.models import Network, User
from metodset.diagnostics.frameworks.data import FrameworkData, shipped
from metodset.diagnostics.models import Area, Competency, Framework, Indicator


@transaction.atomic
def framework_import(
    *, data: FrameworkData, by: User | None = None, network: Network | None = None
) -> Framework:
    """Store the framework; under a slug that exists it becomes the next version.

    Earlier versions stay as they were, so whatever was assessed against them keeps its meaning.
    """
    return framework_tree_create(data=data, by=by, network=network)


@dataclass(frozen=True)
class FrameworkModels:
    """The four model classes a framework's tree is written into: the app's own, or a data
    migration's historical ones (``apps.get_model``), which have the same fields."""

    framework: type[Framework]
    area: type[Area]
    competency: type[Competency]
    indicator: type[Indicator]


CURRENT_MODELS = FrameworkModels(Framework, Area, Competency, Indicator)


def framework_tree_create(
    *,
    data: FrameworkData,
    models: FrameworkModels = CURRENT_MODELS,
    by: User | None = None,
    network: Network | None = None,
) -> Framework:
    """The framework and its tree in four bulk inserts, as the next version of its slug."""
    framework_model, area_model = models.framework, models.area
    competency_model, indicator_model = models.competency, models.indicator
    last = framework_model.objects.filter(slug=data.slug).aggregate(v=Max("version"))["v"]
    framework = framework_model.objects.create(
        slug=data.slug,
        version=(last or 0) + 1,
        title=data.title,
        description=data.description,
        threshold=data.threshold,
        levels=data.levels,
        network=network,
        created_by=by,
    )
    areas = area_model.objects.bulk_create(
        area_model(framework=framework, code=a.code, title=a.title, order=n)
        for n, a in enumerate(data.areas)
    )
    competencies = []
    for area, area_data in zip(areas, data.areas, strict=True):
        for n, c in enumerate(area_data.competencies):
            competencies.append(
                (
                    competency_model(
                        framework=framework,
                        area=area,
                        code=c.code,
                        title=c.title,
                        labour_function=c.labour_function,
                        order=n,
                    ),
                    c,
                )
            )
    competency_model.objects.bulk_create(obj for obj, _ in competencies)
    indicator_model.objects.bulk_create(
        indicator_model(framework=framework, competency=obj, code=i.code, text=i.text, order=n)
        for obj, c in competencies
        for n, i in enumerate(c.indicators)
    )
    return framework


def frameworks_load_shipped() -> list[Framework]:
    """The frameworks shipped with the platform, each loaded once (by slug)."""
    have = set(Framework.objects.values_list("slug", flat=True))
    return [framework_import(data=data) for data in shipped() if data.slug not in have]
