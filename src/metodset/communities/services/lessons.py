"""Writes of the lesson-study cycle: the cycle, its map versions and comments, case children,
predictions, guests, the rounds' schedule and start, the correction and the cycle's close.

Decisions a methodist will ask about:
- The map is drafted in place: while no lesson has been taught from it, saving the map changes
  the version the next lesson will be taught from (version 1 while the group plans the first
  lesson; the corrected version before the next one). Once a lesson has been taught from a
  version, it is never changed: saving makes a new version with what changed and why.
- Predictions are made before the lesson and frozen when it starts, so that the analysis sets
  honest expectations against what was seen. When a new version replaces the one the next
  lesson uses, each stage keeps its predictions if the stage was carried over.
- A case child who has been observed is not removed: the protocols are the cycle's evidence.
- The observation, the analysis and their steps (observe → analyse → correct) are written by
  ``services.observation``; here a round is scheduled, started, and closed by the correction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User
from metodset.accounts.services import Action

from ..models import (
    CaseChild,
    Community,
    Cycle,
    CycleGuest,
    Lesson,
    MapStage,
    MapVersion,
    Member,
    Prediction,
    StageComment,
)

MAX_CASE_CHILDREN = 4
MIN_CASE_CHILDREN = 2
_CAPITALISED_WORD = re.compile(r"^[А-ЯЁ][а-яё]*[.\-]?$")


class LessonStudyError(Exception):
    """A step of the cycle refused, with the reason a person reads."""


@dataclass(frozen=True)
class StageInput:
    """A stage as the map form sends it; ``source`` is the stage of the version it was copied
    from (its predictions follow it into a new version)."""

    title: str
    minutes: int
    activities: str = ""
    expected: str = ""
    source: int | None = None


def looks_like_a_name(code: str) -> bool:
    """«Иванов Петя», «Петя Иванов», «Иванов П.»: two or more words in capitals, as a name is
    written. Codes and pseudonyms are one word or carry digits («Р-1», «Лиса», «Мальчик 3»)."""
    words = code.split()
    return sum(1 for w in words if _CAPITALISED_WORD.match(w)) >= 2


def _open(cycle: Cycle) -> None:
    if cycle.closed_at is not None:
        raise LessonStudyError(_("The cycle is closed; it is not changed any more."))


def _current(cycle: Cycle) -> Lesson | None:
    return cycle.lessons.order_by("-number").first()


def _planning(cycle: Cycle, refusal: str) -> Lesson | None:
    """The round being planned (None for a cycle with no round yet); ``refusal`` while the
    current round is under way."""
    _open(cycle)
    lesson = _current(cycle)
    if lesson is not None and lesson.stage != Lesson.Stage.PLANNING:
        raise LessonStudyError(refusal)
    return lesson


# --- the cycle ----------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(
    *, community: Community, title: str, group: str, goal: str = "", by: User
) -> Cycle:
    """A new cycle with an empty first version of the map and its first round to plan."""
    cycle = Cycle.objects.create(
        community=community, title=title, group=group, goal=goal, created_by=by
    )
    version = MapVersion.objects.create(cycle=cycle, number=1, created_by=by)
    Lesson.objects.create(cycle=cycle, number=1, version=version)
    audit_record(actor=by, action=Action.CREATED, target=cycle)
    return cycle


@transaction.atomic
def cycle_close(*, cycle: Cycle, by: User) -> Cycle:
    """Close the cycle after a finished round: its records stay, nothing is changed any more."""
    _open(cycle)
    if not cycle.lessons.filter(stage=Lesson.Stage.DONE).exists():
        raise LessonStudyError(_("A cycle is closed after at least one finished round."))
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["closed_at"])
    audit_record(
        actor=by, action=Action.STATUS_CHANGED, target=cycle, changes={"closed": [None, True]}
    )
    return cycle


# --- the map ------------------------------------------------------------------------------------


def _fill(version: MapVersion, stages: list[StageInput]) -> None:
    MapStage.objects.bulk_create(
        MapStage(
            version=version,
            order=order,
            title=s.title.strip(),
            minutes=s.minutes,
            activities=s.activities.strip(),
            expected=s.expected.strip(),
        )
        for order, s in enumerate(stages, start=1)
    )


def _carry_predictions(old: MapVersion, new: MapVersion, stages: list[StageInput]) -> None:
    new_stages = list(new.stages.order_by("order"))
    to_new = {s.source: n.pk for s, n in zip(stages, new_stages, strict=True) if s.source}
    Prediction.objects.bulk_create(
        Prediction(stage_id=to_new[p.stage_id], case_child_id=p.case_child_id, text=p.text)
        for p in Prediction.objects.filter(stage__version=old, stage_id__in=to_new)
    )


def _taught(version: MapVersion) -> bool:
    return version.lessons.exclude(stage=Lesson.Stage.PLANNING).exists()


def _new_version(
    *, cycle: Cycle, base: MapVersion, stages: list[StageInput], note: str, by: User
) -> MapVersion:
    if not note.strip():
        raise LessonStudyError(_("Write what changed and why: the whole group answers for it."))
    number = (cycle.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MapVersion.objects.create(
        cycle=cycle, number=number, change_note=note.strip(), created_by=by
    )
    _fill(version, stages)
    _carry_predictions(base, version, stages)
    return version


@transaction.atomic
def map_save(
    *, cycle: Cycle, base_number: int, stages: list[StageInput], note: str = "", by: User
) -> MapVersion:
    """Save the map the next lesson is taught from: in place while nobody has taught from it,
    otherwise as a new version; the round being planned moves to it."""
    lesson = _planning(
        cycle, _("The map is changed while the next lesson is being planned: now it is fixed.")
    )
    latest = cycle.versions.order_by("-number").first()
    if latest is None or latest.number != base_number:
        raise LessonStudyError(
            _("Someone has saved a newer version meanwhile: open the map again and redo it.")
        )
    if not stages:
        raise LessonStudyError(_("The map needs at least one stage."))
    if not _taught(latest):
        _replace_in_place(latest, stages)
        return latest
    version = _new_version(cycle=cycle, base=latest, stages=stages, note=note, by=by)
    if lesson is not None:
        lesson.version = version
        lesson.save(update_fields=["version"])
    return version


def _replace_in_place(version: MapVersion, stages: list[StageInput]) -> None:
    """Change the stages of a version not yet taught: kept stages keep their predictions and
    comments, new ones are added, those left out are removed."""
    existing = {s.pk: s for s in version.stages.all()}
    keep = {s.source for s in stages if s.source in existing}
    version.stages.exclude(pk__in=keep).delete()
    # Orders are unique per version: move the kept stages out of the way first.
    for stage in existing.values():
        if stage.pk in keep:
            stage.order += 1000
            stage.save(update_fields=["order"])
    for order, s in enumerate(stages, start=1):
        fields = {
            "order": order,
            "title": s.title.strip(),
            "minutes": s.minutes,
            "activities": s.activities.strip(),
            "expected": s.expected.strip(),
        }
        if s.source in keep:
            MapStage.objects.filter(pk=s.source).update(**fields)
        else:
            MapStage.objects.create(version=version, **fields)


@transaction.atomic
def stage_comment_add(*, stage: MapStage, text: str, by: User) -> StageComment:
    if not text.strip():
        raise LessonStudyError(_("Write the comment."))
    return StageComment.objects.create(stage=stage, author=by, text=text.strip())


# --- case children and predictions --------------------------------------------------------------


def _check_code(cycle: Cycle, code: str, child: CaseChild | None = None) -> str:
    code = " ".join(code.split())
    if not code:
        raise LessonStudyError(_("Write the child's code or pseudonym."))
    if len(code) > 20:
        raise LessonStudyError(_("A code is at most 20 characters."))
    if looks_like_a_name(code):
        raise LessonStudyError(
            _(
                "This looks like a name. Children are recorded by a code or pseudonym only "
                "(«Р-1», «Лиса»): write one instead."
            )
        )
    taken = cycle.case_children.filter(code=code)
    if child is not None:
        taken = taken.exclude(pk=child.pk)
    if taken.exists():
        raise LessonStudyError(_("The cycle already has a child with this code."))
    return code


@transaction.atomic
def case_child_add(*, cycle: Cycle, code: str, note: str = "", by: User) -> CaseChild:
    _open(cycle)
    if cycle.case_children.count() >= MAX_CASE_CHILDREN:
        raise LessonStudyError(_("A cycle follows at most four case children."))
    code = _check_code(cycle, code)
    order = (cycle.case_children.aggregate(n=Max("order"))["n"] or 0) + 1
    return CaseChild.objects.create(cycle=cycle, code=code, note=note.strip(), order=order)


@transaction.atomic
def case_child_rename(*, child: CaseChild, code: str, note: str = "", by: User) -> CaseChild:
    _open(child.cycle)
    child.code = _check_code(child.cycle, code, child)
    child.note = note.strip()
    child.save(update_fields=["code", "note"])
    return child


@transaction.atomic
def case_child_remove(*, child: CaseChild, by: User) -> None:
    _open(child.cycle)
    if child.protocols.exists():
        raise LessonStudyError(
            _("The child has been observed: the protocols are kept, so the child stays.")
        )
    audit_record(actor=by, action=Action.REMOVED, target=child)
    child.delete()


@transaction.atomic
def predictions_save(*, cycle: Cycle, texts: dict[tuple[int, int], str], by: User) -> int:
    """Write the predictions (child id, stage id) → text of the round being planned; an empty
    text removes one. Returns how many are written."""
    lesson = _planning(cycle, _("Predictions are made before the lesson starts."))
    version = lesson.version if lesson is not None else cycle.versions.order_by("-number").first()
    if version is None:
        return 0
    stage_ids = set(version.stages.values_list("pk", flat=True))
    child_ids = set(cycle.case_children.values_list("pk", flat=True))
    existing = {
        (p.case_child_id, p.stage_id): p
        for p in Prediction.objects.filter(stage__version=version, case_child__cycle=cycle)
    }
    written = 0
    for (child_id, stage_id), raw in texts.items():
        if child_id not in child_ids or stage_id not in stage_ids:
            continue
        text, prediction = raw.strip(), existing.get((child_id, stage_id))
        if prediction is not None and not text:
            prediction.delete()
        elif prediction is not None and prediction.text != text:
            prediction.text = text
            prediction.save(update_fields=["text"])
        elif prediction is None and text:
            Prediction.objects.create(stage_id=stage_id, case_child_id=child_id, text=text)
        written += bool(text)
    return written


# --- guests -------------------------------------------------------------------------------------


@transaction.atomic
def guest_invite(*, cycle: Cycle, email: str, by: User) -> CycleGuest:
    """Invite «знающий другой» by the e-mail of an account: the guest sees this cycle only."""
    _open(cycle)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise LessonStudyError(
            _("Nobody has an account with this e-mail: ask the person to register first.")
        )
    if Member.objects.filter(community_id=cycle.community_id, user=user).exists():
        raise LessonStudyError(_("This person is a member of the community already."))
    try:
        with transaction.atomic():
            guest = CycleGuest.objects.create(cycle=cycle, user=user, invited_by=by)
    except IntegrityError:
        raise LessonStudyError(_("This person is a guest of the cycle already.")) from None
    audit_record(
        actor=by, action=Action.INVITED, target=cycle, changes={"guest": [None, user.email]}
    )
    return guest


@transaction.atomic
def guest_remove(*, guest: CycleGuest, by: User) -> None:
    audit_record(
        actor=by,
        action=Action.REMOVED,
        target=guest.cycle,
        changes={"guest": [guest.user.email, None]},
    )
    guest.delete()


# --- rounds -------------------------------------------------------------------------------------


@transaction.atomic
def lesson_schedule(
    *, cycle: Cycle, teacher: User, starts_at: dt.datetime | None, by: User
) -> Lesson:
    """Who teaches the round being planned, and when (a new cycle's first round is made here if
    the cycle has none)."""
    lesson = _planning(cycle, _("This round is under way: its teacher and time are fixed."))
    if not Member.objects.filter(community_id=cycle.community_id, user=teacher).exists():
        raise LessonStudyError(_("The lesson is taught by a member of the community."))
    if lesson is None:
        version = cycle.versions.order_by("-number").first()
        if version is None:
            version = MapVersion.objects.create(cycle=cycle, number=1, created_by=by)
        lesson = Lesson.objects.create(cycle=cycle, number=1, version=version)
    lesson.teacher, lesson.starts_at = teacher, starts_at
    lesson.save(update_fields=["teacher", "starts_at"])
    return lesson


@transaction.atomic
def lesson_start(*, lesson: Lesson, by: User) -> Lesson:
    """The lesson begins: planning → conduct and observe; predictions are frozen."""
    _open(lesson.cycle)
    if lesson.stage != Lesson.Stage.PLANNING:
        raise LessonStudyError(_("This lesson has already started."))
    if lesson.teacher_id is None:
        raise LessonStudyError(_("Choose who teaches the lesson first."))
    if not lesson.version.stages.exists():
        raise LessonStudyError(_("The map has no stages yet."))
    if lesson.cycle.case_children.count() < MIN_CASE_CHILDREN:
        raise LessonStudyError(_("Choose two to four case children first."))
    lesson.stage = Lesson.Stage.OBSERVING
    lesson.save(update_fields=["stage"])
    return lesson


@transaction.atomic
def correction_save(*, lesson: Lesson, stages: list[StageInput], note: str, by: User) -> Lesson:
    """The group's correction: a new version of the taught map with what changed and why; the
    round is done and the next round is planned on the new version. Returns the next round."""
    _open(lesson.cycle)
    if lesson.stage != Lesson.Stage.CORRECTING:
        raise LessonStudyError(_("The map is corrected after the analysis of the lesson."))
    if not stages:
        raise LessonStudyError(_("The map needs at least one stage."))
    version = _new_version(cycle=lesson.cycle, base=lesson.version, stages=stages, note=note, by=by)
    lesson.stage = Lesson.Stage.DONE
    lesson.save(update_fields=["stage"])
    next_round = Lesson.objects.create(
        cycle=lesson.cycle, number=lesson.number + 1, version=version, teacher=lesson.teacher
    )
    audit_record(
        actor=by,
        action=Action.STATUS_CHANGED,
        target=lesson.cycle,
        changes={"version": [lesson.version.number, version.number]},
    )
    return next_round
