"""The starter catalogue of route activities shipped with the platform.

Twenty-nine external courses, community work, learning from a colleague and self-study items
(``data/starter_catalogue.yaml``), each tagged with competencies of the «pedagog-544n»
framework. Loaded by a data migration and again by ``metodset demo``; loading twice changes
nothing (items are matched by their slug).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "starter_catalogue.yaml"


def starter_data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as source:
        return yaml.safe_load(source)


def starter_load(*, activity_model: Any = None, competency_model: Any = None) -> int:
    """Create or update the shipped items; returns how many there are.

    The models are parameters so that the data migration can pass its historical ones.
    Competencies are taken from the newest version of the framework; an item whose codes are
    not found keeps the ones that are.
    """
    if activity_model is None or competency_model is None:
        from metodset.diagnostics.models import Competency

        from .models import Activity

        activity_model, competency_model = Activity, Competency
    data = starter_data()
    competencies = competency_model.objects.filter(framework__slug=data["framework"]).order_by(
        "framework__version"
    )
    by_code = {c.code: c.pk for c in competencies}  # the newest version wins
    count = 0
    for item in data["activities"]:
        fields = {
            "kind": item["kind"],
            "title": item["title"],
            "provider": item.get("provider", ""),
            "url": item.get("url", ""),
            "format": item.get("format", ""),
            "hours": Decimal(str(item["hours"])),
            "expected_result": item.get("expected_result", ""),
            "presentation_form": item.get("presentation_form", ""),
            "description": item.get("description", ""),
        }
        activity, _created = activity_model.objects.update_or_create(
            slug=item["slug"], defaults=fields
        )
        activity.competencies.set(
            [by_code[code] for code in item.get("competencies", []) if code in by_code]
        )
        count += 1
    return count
