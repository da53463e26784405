"""Writes of a research lesson's observation and analysis.

An observer's protocol of a case child is opened on her first entry. Entries come from a phone
that may lose the connection: each carries a key made on the phone, and the same key posted
twice stores one entry. The observer corrects or removes her own entries until the analysis
ends; after that the protocols are the record. Nothing here is written anywhere outside the
community: the protocols are evidence about children, never a rating of the teacher.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.models import User

from .. import permissions
from ..models import CaseChild, Lesson, MapStage, Protocol, ProtocolEntry
from ..selectors.observation import ANALYSIS_LABELS

Step = Lesson.Stage
# Entries may be corrected while the group still looks at them.
OPEN_FOR_ENTRIES = (Step.OBSERVING, Step.ANALYSING)


class ObservationError(Exception):
    """A step of the lesson that can't be taken now; the message says why, in Russian."""


def _check_stage(lesson: Lesson, *allowed: str) -> None:
    if lesson.stage in allowed:
        return
    if Step.OBSERVING in allowed and lesson.stage == Step.ANALYSING:
        raise ObservationError(_("The observation of this lesson is over."))
    if Step.ANALYSING in allowed:
        raise ObservationError(_("The analysis is finished: the protocols are kept as they are."))
    raise ObservationError(_("The lesson has already moved on to another step."))


def _check_case_child(lesson: Lesson, case_child: CaseChild, stage: MapStage | None) -> None:
    if case_child.cycle_id != lesson.cycle_id:
        raise ObservationError(_("This child is not a case child of the cycle."))
    if stage is not None and stage.version_id != lesson.version_id:
        raise ObservationError(_("This stage is not in the lesson's map."))


def protocol_open(*, lesson: Lesson, case_child: CaseChild, by: User) -> Protocol:
    """The observer's protocol of the child in the lesson, made on first use."""
    _check_case_child(lesson, case_child, None)
    with transaction.atomic():
        protocol, _created = Protocol.objects.get_or_create(
            lesson=lesson, observer=by, case_child=case_child
        )
    return protocol


def entry_add(
    *,
    lesson: Lesson,
    case_child: CaseChild,
    stage: MapStage | None,
    minute: int | None,
    text: str,
    client_key: uuid.UUID,
    by: User,
) -> tuple[ProtocolEntry, bool]:
    """Store what the child did and said; the entry and whether it is new (False when the
    phone sent the same key again)."""
    _check_stage(lesson, Step.OBSERVING)
    _check_case_child(lesson, case_child, stage)
    protocol = protocol_open(lesson=lesson, case_child=case_child, by=by)
    existing = ProtocolEntry.objects.filter(protocol=protocol, client_key=client_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            entry = ProtocolEntry.objects.create(
                protocol=protocol, stage=stage, minute=minute, text=text, client_key=client_key
            )
            Protocol.objects.filter(pk=protocol.pk).update(updated_at=timezone.now())
    except IntegrityError:
        # The same key arrived twice at once: the other request stored it.
        return ProtocolEntry.objects.get(protocol=protocol, client_key=client_key), False
    return entry, True


def _check_author(entry: ProtocolEntry, by: User) -> None:
    if entry.protocol.observer_id != by.pk:
        raise PermissionDenied
    _check_stage(entry.protocol.lesson, *OPEN_FOR_ENTRIES)


def entry_change(
    *, entry: ProtocolEntry, stage: MapStage | None, minute: int | None, text: str, by: User
) -> ProtocolEntry:
    _check_author(entry, by)
    _check_case_child(entry.protocol.lesson, entry.protocol.case_child, stage)
    with transaction.atomic():
        entry.stage, entry.minute, entry.text = stage, minute, text
        entry.save(update_fields=["stage", "minute", "text"])
    return entry


def entry_remove(*, entry: ProtocolEntry, by: User) -> None:
    _check_author(entry, by)
    with transaction.atomic():
        entry.delete()


def protocol_notes_save(*, lesson: Lesson, case_child: CaseChild, notes: str, by: User) -> Protocol:
    """The observer's free notes on the child."""
    _check_stage(lesson, *OPEN_FOR_ENTRIES)
    protocol = protocol_open(lesson=lesson, case_child=case_child, by=by)
    with transaction.atomic():
        protocol.notes = notes
        protocol.updated_at = timezone.now()
        protocol.save(update_fields=["notes", "updated_at"])
    return protocol


def _advance(lesson: Lesson, *, from_step: str, to_step: str, by: User) -> Lesson:
    if not permissions.can_lead_lesson(by, lesson):
        raise PermissionDenied
    with transaction.atomic():
        moved = Lesson.objects.filter(pk=lesson.pk, stage=from_step).update(stage=to_step)
    if not moved:
        lesson.refresh_from_db(fields=["stage"])
        _check_stage(lesson, from_step)
    lesson.stage = to_step
    return lesson


def observation_finish(*, lesson: Lesson, by: User) -> Lesson:
    """The lesson is over: the group turns to the analysis (by the teacher or a coordinator)."""
    return _advance(lesson, from_step=Step.OBSERVING, to_step=Step.ANALYSING, by=by)


ANALYSIS_FIELDS = tuple(ANALYSIS_LABELS)


def analysis_save(*, lesson: Lesson, texts: dict[str, str], by: User) -> Lesson:
    """The discussion, in the order the group holds it (``ANALYSIS_FIELDS``)."""
    _check_stage(lesson, Step.ANALYSING)
    if not permissions.is_cycle_participant(by, lesson.cycle):
        raise PermissionDenied
    with transaction.atomic():
        for field in ANALYSIS_FIELDS:
            setattr(lesson, field, texts.get(field, "").strip())
        lesson.save(update_fields=list(ANALYSIS_FIELDS))
    return lesson


def analysis_finish(*, lesson: Lesson, by: User) -> Lesson:
    """The conclusions are agreed: the group corrects the map (by a coordinator or the
    teacher)."""
    if not lesson.conclusions.strip():
        raise ObservationError(_("Write down the agreed conclusions before finishing."))
    return _advance(lesson, from_step=Step.ANALYSING, to_step=Step.CORRECTING, by=by)
