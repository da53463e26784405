"""Reads of the lesson-study pages: the cycles of a community, a cycle's rounds and maps, its
case children with their predictions, and two versions of the map compared."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from metodset.accounts.models import User

from ..mapdiff import StageDiff, StageText, compare
from ..models import (
    CaseChild,
    Community,
    Cycle,
    CycleGuest,
    Lesson,
    MapStage,
    MapVersion,
    Prediction,
    StageComment,
)

# The five steps of the cycle as seed 004 (slide 14) names them; a round in a step.
STEPS = [
    (Lesson.Stage.PLANNING, _("Joint planning")),
    (Lesson.Stage.OBSERVING, _("Conduct and observation")),
    (Lesson.Stage.ANALYSING, _("Analysis")),
    (Lesson.Stage.CORRECTING, _("Correction")),
    (Lesson.Stage.DONE, _("The next lesson")),
]
STEP_NUMBER = {stage: number for number, (stage, _label) in enumerate(STEPS, start=1)}
STEP_LABEL = dict(STEPS)


def step_label(lesson: Lesson) -> str:
    if lesson.stage == Lesson.Stage.DONE:
        return pgettext("round of a cycle", "finished")
    return str(STEP_LABEL[Lesson.Stage(lesson.stage)])


@dataclass
class Round:
    """A lesson (round) with its step as the timeline shows it."""

    lesson: Lesson
    number: int
    label: str
    steps: list[tuple[int, str, str]] = field(default_factory=list)  # number, label, state


def round_of(lesson: Lesson) -> Round:
    """A finished round has passed all five steps: its last one is the next round's lesson."""
    current = STEP_NUMBER[Lesson.Stage(lesson.stage)]
    if lesson.stage == Lesson.Stage.DONE:
        current += 1
    steps = [
        (n, str(label), "done" if n < current else "current" if n == current else "ahead")
        for n, (_stage, label) in enumerate(STEPS, start=1)
    ]
    return Round(lesson, min(current, len(STEPS)), step_label(lesson), steps)


# --- the community page -------------------------------------------------------------------------


def cycles_of(community: Community) -> list[Cycle]:
    """The community's cycles, each with ``rounds`` (lessons by number) and ``current``."""
    cycles: list[Cycle] = list(
        Cycle.objects.filter(community=community).prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("number"), to_attr="rounds")
        )
    )
    for cycle in cycles:
        rounds: list[Lesson] = cycle.rounds  # type: ignore[attr-defined]
        cycle.current = round_of(rounds[-1]) if rounds else None  # type: ignore[attr-defined]
        cycle.conclusions = [r for r in rounds if r.conclusions]  # type: ignore[attr-defined]
    return cycles


# --- a cycle ------------------------------------------------------------------------------------


def lessons_of(cycle: Cycle) -> list[Lesson]:
    return list(cycle.lessons.select_related("teacher", "version").order_by("number"))


def current_lesson(cycle: Cycle) -> Lesson | None:
    return cycle.lessons.select_related("teacher", "version").order_by("-number").first()


def latest_version(cycle: Cycle) -> MapVersion | None:
    return cycle.versions.order_by("-number").first()


def planned_version(cycle: Cycle) -> MapVersion | None:
    """The version the next lesson is taught from: the current round's, else the latest."""
    lesson = current_lesson(cycle)
    return lesson.version if lesson is not None else latest_version(cycle)


def version_of(cycle: Cycle, number: int | None) -> MapVersion | None:
    if number is None:
        return planned_version(cycle)
    return cycle.versions.filter(number=number).first()


def stages_with_comments(version: MapVersion) -> list[MapStage]:
    comments = Prefetch("comments", queryset=StageComment.objects.select_related("author"))
    return list(version.stages.prefetch_related(comments).order_by("order"))


def stages_of(version: MapVersion) -> list[MapStage]:
    return list(version.stages.order_by("order"))


def children_of(cycle: Cycle) -> list[CaseChild]:
    return list(cycle.case_children.order_by("order", "pk"))


def guests_of(cycle: Cycle) -> list[CycleGuest]:
    return list(cycle.guests.select_related("user").order_by("invited_at", "pk"))


def members_who_teach(community: Community) -> QuerySet[User]:
    return User.objects.filter(community_memberships__community=community).order_by(
        "last_name", "first_name", "pk"
    )


def total_minutes(stages: list[MapStage]) -> int:
    return sum(s.minutes for s in stages)


@dataclass
class ChildCard:
    child: CaseChild
    rows: list[tuple[MapStage, str]]  # stage, prediction


def prediction_cards(cycle: Cycle, version: MapVersion | None) -> list[ChildCard]:
    """One card per case child, with the prediction at each stage of ``version``."""
    if version is None:
        return []
    stages = stages_of(version)
    texts = {
        (p.case_child_id, p.stage_id): p.text
        for p in Prediction.objects.filter(stage__version=version)
    }
    return [
        ChildCard(child, [(s, texts.get((child.pk, s.pk), "")) for s in stages])
        for child in children_of(cycle)
    ]


# --- versions -----------------------------------------------------------------------------------


def versions_with_stages(cycle: Cycle) -> list[MapVersion]:
    return list(
        cycle.versions.select_related("created_by")
        .prefetch_related(Prefetch("stages", queryset=MapStage.objects.order_by("order")))
        .order_by("number")
    )


def stage_texts(version: MapVersion) -> list[StageText]:
    return [StageText(s.title, s.minutes, s.activities, s.expected) for s in version.stages.all()]


def comparison(old: MapVersion, new: MapVersion) -> list[StageDiff]:
    return compare(stage_texts(old), stage_texts(new))
