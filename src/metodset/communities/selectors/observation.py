"""Reads of the observation and analysis pages and of the cycle's report.

The analysis table sets, for each case child and stage of the lesson's map, the prediction
beside what every observer wrote at that stage; entries without a stage come after. A fixed
number of queries whatever the number of observers and entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User

from ..models import (
    CaseChild,
    Cycle,
    Lesson,
    MapStage,
    MapVersion,
    Prediction,
    Protocol,
    ProtocolEntry,
)

# The discussion after the lesson, in the order the group holds it (DOMAIN.md): the case
# children against the predictions → the group → the teaching → conclusions → the next lesson.
ANALYSIS_LABELS = {
    "on_children": _("Individual progress of the case children"),
    "on_group": _("The group as a whole"),
    "on_teaching": _("The teaching"),
    "conclusions": _("Agreed conclusions"),
    "recommendations": _("Recommendations for the next lesson"),
}


def lesson_stages(lesson: Lesson) -> list[MapStage]:
    return list(MapStage.objects.filter(version_id=lesson.version_id).order_by("order"))


def case_children(cycle: Cycle) -> list[CaseChild]:
    return list(CaseChild.objects.filter(cycle=cycle))


def first_case_child(cycle: Cycle) -> CaseChild | None:
    return CaseChild.objects.filter(cycle=cycle).first()


def own_protocol(*, lesson: Lesson, case_child: CaseChild, observer: User) -> Protocol | None:
    return Protocol.objects.filter(lesson=lesson, case_child=case_child, observer=observer).first()


def own_entries(
    *, lesson: Lesson, case_child: CaseChild, observer: User
) -> QuerySet[ProtocolEntry]:
    """The observer's entries on the child in this lesson, in the order of the lesson."""
    return ProtocolEntry.objects.filter(
        protocol__lesson=lesson, protocol__case_child=case_child, protocol__observer=observer
    ).select_related("stage")


def own_entry(*, entry_id: int, observer: User) -> ProtocolEntry | None:
    return (
        ProtocolEntry.objects.select_related(
            "protocol__lesson__cycle__community", "protocol__case_child", "stage"
        )
        .filter(pk=entry_id, protocol__observer=observer)
        .first()
    )


@dataclass
class Observed:
    """An entry as the analysis shows it."""

    minute: int | None
    text: str
    observer: str
    observer_id: int | None = None
    entry_id: int | None = None  # to let its author correct it while the analysis lasts


@dataclass
class StageRow:
    stage: MapStage
    prediction: str
    observed: list[Observed] = field(default_factory=list)


@dataclass
class ChildTable:
    child: CaseChild
    rows: list[StageRow]
    unmatched: list[Observed]
    notes: list[Observed]


def assemble(
    *,
    children: list[CaseChild],
    stages: list[MapStage],
    predictions: dict[tuple[int, int], str],
    entries: list[tuple[int, int | None, Observed]],
    notes: list[tuple[int, Observed]],
) -> list[ChildTable]:
    """Pure assembly: ``predictions`` by (child, stage), ``entries`` as (child, stage or None,
    entry) in the lesson's order, ``notes`` as (child, free notes)."""
    tables = []
    stage_ids = {stage.pk for stage in stages}
    for child in children:
        rows = {s.pk: StageRow(s, predictions.get((child.pk, s.pk), "")) for s in stages}
        unmatched = []
        for child_id, stage_id, observed in entries:
            if child_id != child.pk:
                continue
            if stage_id in stage_ids:
                rows[stage_id].observed.append(observed)
            else:
                unmatched.append(observed)
        child_notes = [n for child_id, n in notes if child_id == child.pk]
        tables.append(ChildTable(child, list(rows.values()), unmatched, child_notes))
    return tables


def _observed(
    minute: int | None, text: str, observer: User, entry_id: int | None = None
) -> Observed:
    name = observer.get_full_name() or observer.email
    return Observed(minute, text, name, observer_id=observer.pk, entry_id=entry_id)


def analysis_tables(lesson: Lesson) -> list[ChildTable]:
    stages = lesson_stages(lesson)
    children = case_children(lesson.cycle)
    predictions = {
        (p.case_child_id, p.stage_id): p.text
        for p in Prediction.objects.filter(stage__version_id=lesson.version_id)
    }
    rows = ProtocolEntry.objects.filter(protocol__lesson=lesson).select_related(
        "protocol__observer"
    )
    rows = rows.order_by("minute", "created_at", "pk")
    entries = [
        (
            e.protocol.case_child_id,
            e.stage_id,
            _observed(e.minute, e.text, e.protocol.observer, e.pk),
        )
        for e in rows
    ]
    notes = [
        (p.case_child_id, _observed(None, p.notes, p.observer))
        for p in lesson.protocols.select_related("observer").exclude(notes="").order_by("pk")
    ]
    return assemble(
        children=children, stages=stages, predictions=predictions, entries=entries, notes=notes
    )


# --- the cycle's report -----------------------------------------------------------------------


def report_versions(cycle: Cycle) -> list[MapVersion]:
    """Every version of the map with its stages, in order."""
    stages = Prefetch("stages", queryset=MapStage.objects.order_by("order"))
    return list(MapVersion.objects.filter(cycle=cycle).prefetch_related(stages).order_by("number"))


def report_lessons(cycle: Cycle) -> list[Lesson]:
    return list(
        Lesson.objects.filter(cycle=cycle).select_related("version", "teacher").order_by("number")
    )


def minute_since_start(lesson: Lesson, now: datetime) -> int | None:
    """The minute of the lesson now, when it has started (the observer may change it)."""
    if lesson.starts_at is None or now < lesson.starts_at:
        return None
    return min(int((now - lesson.starts_at).total_seconds() // 60), 240)
