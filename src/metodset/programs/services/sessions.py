"""Live presentation sessions: the order of teams, the clock of each phase, the question queue.

The clock is the server's. A session stores when its phase started and how much of it was
used before a pause; every screen gets the remaining seconds computed here and counts down
from them locally, so all screens agree whatever their own clock and time zone.

Every change locks the session row and bumps ``version``, which the screens poll to know
when to redraw. The moves (start, next, back) take the session *as the person saw it*: a
click made on a phase that has moved on since (a second "next" from another tab, a double
click) does nothing, so no team is ever skipped.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.events.models import Event

from ..models import LiveSession, SessionQuestion, SessionSlot, Stage, Team
from .errors import ProgramError

Phase = LiveSession.Phase
PRESENTING = (Phase.TALK, Phase.QUESTIONS)

DEFAULT_TALK_SECONDS = 3 * 60  # seed 000, second stage: at most 3 minutes on content
DEFAULT_QUESTIONS_SECONDS = 2 * 60  # ... and 2 minutes of questions
MAX_PHASE_SECONDS = 60 * 60
MAX_QUESTION_LENGTH = 1000

_STATE_FIELDS = [
    "phase",
    "current",
    "phase_started_at",
    "paused",
    "used_seconds",
    "extra_seconds",
    "version",
]


# --- the clock: pure functions ------------------------------------------------------------


def phase_seconds(session: LiveSession, phase: str) -> int:
    """The regulation's length of a phase, without added time."""
    if phase == Phase.TALK:
        return session.talk_seconds
    if phase == Phase.QUESTIONS:
        return session.questions_seconds
    return 0


def time_left(session: LiveSession, now: datetime) -> float:
    """Seconds left in the current phase; negative once the time is over."""
    if session.phase == Phase.WAITING:
        return float(session.talk_seconds)
    if session.phase not in PRESENTING:
        return 0.0
    used = float(session.used_seconds)
    if not session.paused and session.phase_started_at is not None:
        used += (now - session.phase_started_at).total_seconds()
    return phase_seconds(session, session.phase) + session.extra_seconds - used


def phase_limit(session: LiveSession) -> int:
    """The length of the current phase with the added time (the first talk's while waiting)."""
    if session.phase == Phase.WAITING:
        return session.talk_seconds
    if session.phase in PRESENTING:
        return phase_seconds(session, session.phase) + session.extra_seconds
    return 0


def _following(session: LiveSession, count: int) -> tuple[str, int]:
    """The phase and slot index after the current one: talk → questions → next team's talk."""
    phase, index = session.phase, session.current
    if phase == Phase.WAITING:
        return (Phase.TALK, 0) if count else (Phase.DONE, 0)
    if phase == Phase.TALK and session.questions_seconds > 0:
        return Phase.QUESTIONS, index
    if phase in PRESENTING and index + 1 < count:
        return Phase.TALK, index + 1
    return Phase.DONE, index


def _preceding(session: LiveSession, count: int) -> tuple[str, int]:
    """The phase and slot index before the current one, for undoing a wrong "next"."""
    phase, index = session.phase, session.current
    if phase == Phase.DONE:
        last = max(count - 1, 0)
        return (Phase.QUESTIONS if session.questions_seconds > 0 else Phase.TALK), last
    if phase == Phase.QUESTIONS:
        return Phase.TALK, index
    if phase == Phase.TALK and index > 0:
        return (Phase.QUESTIONS if session.questions_seconds > 0 else Phase.TALK), index - 1
    return Phase.WAITING, 0


def session_state(
    session: LiveSession,
    now: datetime | None = None,
    *,
    slots: Sequence[SessionSlot] | None = None,
) -> dict[str, Any]:
    """Where the session is at ``now``: the phase, the presenting team, what comes next and the
    time left. Pure: reads only the session and its slots (``session.slots.all()`` unless
    given; prefetch them with their teams)."""
    now = now or timezone.now()
    slots = list(session.slots.all()) if slots is None else list(slots)
    count = len(slots)
    phase = session.phase
    slot = slots[session.current] if phase != Phase.DONE and session.current < count else None
    next_phase: str | None = None
    if phase != Phase.DONE and count:
        next_phase = _following(session, count)[0]
    # The team after the one presenting now (after the first one, before the start).
    after = 1 if phase == Phase.WAITING else session.current + 1
    next_slot = slots[after] if after < count else None
    left = time_left(session, now)
    return {
        "version": session.version,
        "phase": phase,
        "presenting": phase in PRESENTING,
        "running": phase in PRESENTING and not session.paused,
        "paused": phase in PRESENTING and session.paused,
        "index": session.current,
        "count": count,
        "slot": slot,
        "team": slot.team if slot else None,
        "next_phase": next_phase,  # what "next" leads to: talk, questions, done or None
        "next_slot": next_slot,  # the team that presents after the current one
        "next_team": next_slot.team if next_slot else None,
        "limit": phase_limit(session),
        "remaining": max(left, 0.0),
        "overtime": max(-left, 0.0) if phase in PRESENTING else 0.0,
        "expired": phase in PRESENTING and left <= 0,
        "extra": session.extra_seconds if phase in PRESENTING else 0,
        "now": now,
    }


# --- creating a session and ordering its teams ---------------------------------------------


@transaction.atomic
def session_create(
    *,
    stage: Stage,
    by: User,
    event: Event | None = None,
    title: str | None = None,
    talk_seconds: int | None = None,
    questions_seconds: int | None = None,
) -> LiveSession:
    """A session of the stage with a slot for every team of the programme in team-number order,
    under the stage's regulation (seed 000: 3 + 2 minutes) unless other times are given.

    ``by`` is the coordinator who creates it; permissions are the view's business.
    """
    program = stage.program
    if (
        event is not None
        and not Event.objects.filter(pk=event.pk, program_stages__program=program).exists()
    ):
        raise ProgramError(_("The event is not one of this programme's events."))
    teams = list(Team.objects.filter(program=program).order_by("number", "pk"))
    if not teams:
        raise ProgramError(_("The programme has no teams yet: form the teams first."))
    if talk_seconds is None:
        talk_seconds = stage.talk_minutes * 60 if stage.talk_minutes else DEFAULT_TALK_SECONDS
    if questions_seconds is None:
        questions_seconds = (
            stage.questions_minutes * 60
            if stage.questions_minutes is not None
            else DEFAULT_QUESTIONS_SECONDS
        )
    _check_regulation(talk_seconds, questions_seconds)
    session = LiveSession.objects.create(
        stage=stage,
        event=event,
        title=(title or "").strip() or (event.title if event else stage.title),
        talk_seconds=talk_seconds,
        questions_seconds=questions_seconds,
    )
    SessionSlot.objects.bulk_create(
        SessionSlot(session=session, team=team, order=n) for n, team in enumerate(teams)
    )
    return session


@transaction.atomic
def session_create_for_teams(
    *, stage: Stage, teams: Sequence[Team], title: str, talk_seconds: int, questions_seconds: int
) -> LiveSession:
    """A session of the stage for the given teams in the given order, under the given times:
    a defence at a conference (one team), a section's defences in their slots."""
    if not teams or any(team.program_id != stage.program_id for team in teams):
        raise ProgramError(_("A session needs teams of the stage's programme."))
    _check_regulation(talk_seconds, questions_seconds)
    session = LiveSession.objects.create(
        stage=stage,
        title=title.strip() or stage.title,
        talk_seconds=talk_seconds,
        questions_seconds=questions_seconds,
    )
    SessionSlot.objects.bulk_create(
        SessionSlot(session=session, team=team, order=n) for n, team in enumerate(teams)
    )
    return session


def _check_regulation(talk_seconds: int, questions_seconds: int) -> None:
    if not 10 <= talk_seconds <= MAX_PHASE_SECONDS:
        raise ProgramError(_("A talk lasts from 10 seconds to an hour."))
    if not 0 <= questions_seconds <= MAX_PHASE_SECONDS:
        raise ProgramError(_("Questions last from 0 (no questions) to an hour."))


@transaction.atomic
def session_set_regulation(
    *, session: LiveSession, talk_seconds: int, questions_seconds: int
) -> LiveSession:
    """Change the talk and questions lengths; a phase under way is measured by the new ones."""
    _check_regulation(talk_seconds, questions_seconds)
    session = _locked(session)
    session.talk_seconds = talk_seconds
    session.questions_seconds = questions_seconds
    session.version += 1
    session.save(update_fields=["talk_seconds", "questions_seconds", "version"])
    return session


@transaction.atomic
def slots_reorder(*, session: LiveSession, team_ids: Sequence[int]) -> LiveSession:
    """Put the teams in the given order. Teams that have presented or are presenting keep
    their places; only those still to come can move."""
    session = _locked(session)
    slots = list(session.slots.order_by("order", "pk"))
    by_team = {slot.team_id: slot for slot in slots}
    team_ids = [int(pk) for pk in team_ids]
    if sorted(team_ids) != sorted(by_team):
        raise ProgramError(_("The order must name every team of the session once."))
    fixed = _fixed_count(session)
    if team_ids[:fixed] != [slot.team_id for slot in slots[:fixed]]:
        raise ProgramError(_("Teams that have presented or are presenting keep their places."))
    changed = []
    for order, team_id in enumerate(team_ids):
        slot = by_team[team_id]
        if slot.order != order:
            slot.order = order
            changed.append(slot)
    if changed:
        SessionSlot.objects.bulk_update(changed, ["order"])
        session.version += 1
        session.save(update_fields=["version"])
    return session


def _fixed_count(session: LiveSession) -> int:
    """How many slots from the start can no longer move."""
    if session.phase == Phase.WAITING:
        return 0
    if session.phase == Phase.DONE:
        raise ProgramError(_("The session is over."))
    return session.current + 1


@transaction.atomic
def slots_shuffle(*, session: LiveSession, seed: int | str | None = None) -> LiveSession:
    """A random order of the teams still to come (all of them before the start)."""
    locked = _locked(session)
    team_ids = list(locked.slots.order_by("order", "pk").values_list("team_id", flat=True))
    fixed = _fixed_count(locked)
    rest = team_ids[fixed:]
    random.Random(seed).shuffle(rest)
    return slots_reorder(session=locked, team_ids=team_ids[:fixed] + rest)


# --- running it -----------------------------------------------------------------------------


def _locked(session: LiveSession) -> LiveSession:
    return LiveSession.objects.select_for_update().get(pk=session.pk)


Position = tuple[str, int]  # (phase, slot index) as the person saw it


def _position(session: LiveSession) -> Position:
    return (str(session.phase), session.current)


def _enter(
    session: LiveSession, phase: str, index: int, now: datetime, *, paused: bool = False
) -> LiveSession:
    session.phase = phase
    session.current = index
    session.phase_started_at = now if phase in PRESENTING else None
    session.paused = paused and phase in PRESENTING
    session.used_seconds = 0
    session.extra_seconds = 0
    session.version += 1
    session.save(update_fields=_STATE_FIELDS)
    return session


@transaction.atomic
def session_start(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """The first team's talk begins. Starting a session under way changes nothing."""
    session = _locked(session)
    if session.phase != Phase.WAITING:
        return session
    if not session.slots.exists():
        raise ProgramError(_("The session has no teams."))
    return _enter(session, Phase.TALK, 0, now or timezone.now())


@transaction.atomic
def session_next(
    *, session: LiveSession, seen: Position | None = None, now: datetime | None = None
) -> LiveSession:
    """Move on: talk → questions → the next team's talk → … → done. The new phase runs.

    ``seen`` is the phase and slot index the person saw (by default the given object's); if
    the session is elsewhere now, the click came late and nothing happens.
    """
    seen = seen or _position(session)
    session = _locked(session)
    if _position(session) != seen or session.phase == Phase.DONE:
        return session
    phase, index = _following(session, session.slots.count())
    return _enter(session, phase, index, now or timezone.now())


@transaction.atomic
def session_back(
    *, session: LiveSession, seen: Position | None = None, now: datetime | None = None
) -> LiveSession:
    """Undo a wrong "next": the previous phase again, from its full length and paused.

    Guarded like ``session_next``: a late second click does not go back twice.
    """
    seen = seen or _position(session)
    session = _locked(session)
    if _position(session) != seen or session.phase == Phase.WAITING:
        return session
    phase, index = _preceding(session, session.slots.count())
    return _enter(session, phase, index, now or timezone.now(), paused=True)


@transaction.atomic
def session_pause(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Stop the clock; the time used so far is kept (to the nearest second). Pausing a paused
    session changes nothing."""
    session = _locked(session)
    if session.phase not in PRESENTING or session.paused:
        return session
    now = now or timezone.now()
    if session.phase_started_at is not None:
        elapsed = (now - session.phase_started_at).total_seconds()
        session.used_seconds += max(round(elapsed), 0)
    session.paused = True
    session.phase_started_at = now
    session.version += 1
    session.save(update_fields=_STATE_FIELDS)
    return session


@transaction.atomic
def session_resume(*, session: LiveSession, now: datetime | None = None) -> LiveSession:
    """Start the clock again from where the pause stopped it."""
    session = _locked(session)
    if session.phase not in PRESENTING or not session.paused:
        return session
    session.paused = False
    session.phase_started_at = now or timezone.now()
    session.version += 1
    session.save(update_fields=_STATE_FIELDS)
    return session


@transaction.atomic
def session_add_time(*, session: LiveSession, seconds: int) -> LiveSession:
    """Add time to the current phase (or take it back with a negative number).

    Not guarded: two clicks on "+30 s" mean a minute.
    """
    if seconds == 0 or abs(seconds) > MAX_PHASE_SECONDS:
        raise ProgramError(_("Add from 1 second to an hour."))
    session = _locked(session)
    if session.phase not in PRESENTING:
        raise ProgramError(_("Time can be added while a team is presenting."))
    length = phase_seconds(session, session.phase)
    session.extra_seconds = min(max(session.extra_seconds + seconds, -length), MAX_PHASE_SECONDS)
    session.version += 1
    session.save(update_fields=["extra_seconds", "version"])
    return session


# --- the question queue ---------------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, session: LiveSession, author: User, text: str, now: datetime | None = None
) -> SessionQuestion:
    """A question to the team presenting now; refused before the first talk and after the end."""
    text = " ".join(text.split())
    if not text:
        raise ProgramError(_("Write the question."))
    if len(text) > MAX_QUESTION_LENGTH:
        raise ProgramError(
            _("The question is too long: at most %(n)s characters.") % {"n": MAX_QUESTION_LENGTH}
        )
    session = _locked(session)
    if session.phase == Phase.WAITING:
        raise ProgramError(
            _("The session has not started yet: questions open with the first talk.")
        )
    if session.phase == Phase.DONE:
        raise ProgramError(_("The session is over: questions are no longer accepted."))
    slot = session.slots.order_by("order", "pk")[session.current]
    question = SessionQuestion.objects.create(
        session=session, slot=slot, author=author, text=text, created_at=now or timezone.now()
    )
    session.version += 1
    session.save(update_fields=["version"])
    return question


@transaction.atomic
def question_mark_answered(
    *, question: SessionQuestion, answered: bool = True, now: datetime | None = None
) -> SessionQuestion:
    """Mark the question answered (or not answered again, for a wrong click)."""
    session = _locked(question.session)
    question = SessionQuestion.objects.select_for_update().get(pk=question.pk)
    if (question.answered_at is not None) == answered:
        return question
    question.answered_at = (now or timezone.now()) if answered else None
    question.save(update_fields=["answered_at"])
    session.version += 1
    session.save(update_fields=["version"])
    return question
