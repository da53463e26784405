"""Live presentation sessions: the coordinator's list and control view, the participant's
phone view with the question form, and the big screen opened by its secret link.

Every page carries the state it was drawn from (``data-version``, the remaining seconds);
``static/programs/session.js`` counts down locally, polls the small JSON state every two
seconds and redraws the page's live part with htmx when the version changes. Actions answer
htmx with that live part, and anyone else with a redirect.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.http import HtmxRequest

from .. import permissions
from ..models import (
    LiveSession,
    Program,
    ProgramMember,
    SessionSlot,
    Stage,
    Team,
)
from ..schemes import PRESENTER_QUESTIONS
from ..services.errors import ProgramError
from ..services.sessions import (
    phase_limit,
    question_ask,
    question_mark_answered,
    session_add_time,
    session_back,
    session_create,
    session_next,
    session_pause,
    session_resume,
    session_set_regulation,
    session_start,
    session_state,
    slots_reorder,
    slots_shuffle,
    time_left,
)

if TYPE_CHECKING:
    pass

from ..forms import QuestionForm, RegulationForm, SessionCreateForm

Phase = LiveSession.Phase
ADD_TIME_CHOICES = (30, 60, -30)  # the control view's buttons, seconds


def _seconds(minutes: Decimal | None) -> int | None:
    return None if minutes is None else round(minutes * 60)


# --- access -------------------------------------------------------------------------------


def _session(request: AuthenticatedRequest, session_id: int) -> LiveSession:
    """The session again, fresh, after a change the viewer was allowed to make (through the
    same access helper that let her make it)."""
    return permissions.session_for_coordinator(viewer=request.user, pk=session_id)


# --- what the pages show --------------------------------------------------------------------


def _slots(session: LiveSession) -> list[SessionSlot]:
    return list(session.slots.select_related("team").order_by("order", "pk"))


def _members(team: Team | None) -> list[str]:
    """Names shown on the screen: surname and first name, nothing else about people."""
    if team is None:
        return []
    return [
        f"{m.user.last_name} {m.user.first_name}".strip()
        for m in ProgramMember.objects.filter(team=team, role=ProgramMember.Role.INTERN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ]


def _phase_labels(session: LiveSession) -> dict[str, str]:
    # The final stage of seed 000 follows each talk with the team's reflection, not questions.
    second = _("Reflection") if session.stage.kind == Stage.Kind.FINAL else _("Questions")
    return {
        Phase.WAITING: _("Not started"),
        Phase.TALK: _("Talk"),
        Phase.QUESTIONS: second,
        Phase.DONE: _("Finished"),
    }


def _clock_text(seconds: float) -> str:
    whole = max(int(-(-seconds // 1)), 0)  # rounded up: 2:59.4 shows 3:00 until it is 2:59
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _clock(state: dict[str, Any]) -> dict[str, Any]:
    """The countdown as the page first draws it; the script takes over from the same numbers."""
    signed = state["remaining"] - state["overtime"]
    return {
        "text": _clock_text(state["remaining"]),
        "signed": f"{signed:.3f}",  # unlocalised for the data attribute
        "limit": state["limit"],
        "percent": round(100 * state["remaining"] / state["limit"]) if state["limit"] else 0,
    }


def _state_json(session: LiveSession) -> dict[str, Any]:
    """What the pages poll: the clock and the version, nothing about people."""
    now = timezone.now()
    left = time_left(session, now)
    presenting = session.phase in (Phase.TALK, Phase.QUESTIONS)
    return {
        "version": session.version,
        "phase": session.phase,
        "running": presenting and not session.paused,
        "paused": presenting and session.paused,
        "remaining": round(left, 3),  # negative once the time is over
        "limit": phase_limit(session),
        "server_time": now.isoformat(),
    }


def _live_context(session: LiveSession) -> dict[str, Any]:
    slots = _slots(session)
    state = session_state(session, slots=slots)
    labels = _phase_labels(session)
    return {
        "session": session,
        "slots": slots,
        "state": state,
        "clock": _clock(state),
        "phase_label": labels[state["phase"]],
        "members": _members(state["team"]),
        "second_phase_label": labels[Phase.QUESTIONS],
        "regulation": _regulation_text(session),
    }


def _control_context(request: HttpRequest, session: LiveSession) -> dict[str, Any]:
    context = _live_context(session)
    state = context["state"]
    questions = list(
        session.questions.select_related("author", "slot__team").order_by("created_at", "pk")
    )
    current = state["slot"].pk if state["phase"] in (Phase.TALK, Phase.QUESTIONS) else None
    mine = [q for q in questions if q.slot_id == current]
    fixed = {Phase.WAITING: 0, Phase.DONE: len(context["slots"])}.get(
        state["phase"], state["index"] + 1
    )
    context.update(
        {
            "questions": mine,
            "open_questions": sum(1 for q in mine if q.answered_at is None),
            "earlier_questions": sorted(
                (q for q in questions if q.slot_id != current),
                key=lambda q: (q.slot.order, q.created_at, q.pk),
            ),
            "fixed": fixed,
            "add_time_choices": ADD_TIME_CHOICES,
            "regulation_form": RegulationForm(
                initial={
                    "talk_minutes": _minutes(session.talk_seconds),
                    "questions_minutes": _minutes(session.questions_seconds),
                }
            ),
            "screen_url": request.build_absolute_uri(
                reverse("programs:session_screen", args=[session.screen_token])
            ),
            "participant_url": request.build_absolute_uri(
                reverse("programs:session", args=[session.pk])
            ),
        }
    )
    return context


def _participant_context(request: AuthenticatedRequest, session: LiveSession) -> dict[str, Any]:
    context = _live_context(session)
    context["my_questions"] = list(
        session.questions.filter(author=request.user)
        .select_related("slot__team")
        .order_by("created_at", "pk")
    )
    return context


# --- the programme's sessions ----------------------------------------------------------------


def _sessions_of(program: Program) -> list[LiveSession]:
    sessions: list[LiveSession] = list(
        LiveSession.objects.filter(stage__program=program)
        .select_related("stage", "event")
        .annotate(teams=Count("slots"))
        .order_by("stage__order", "pk")
    )
    for session in sessions:
        session.regulation = _regulation_text(session)  # type: ignore[attr-defined]
        session.phase_label = _phase_labels(session)[session.phase]  # type: ignore[attr-defined]
    return sessions


def _minutes(seconds: int) -> Decimal:
    minutes = (Decimal(seconds) / 60).quantize(Decimal("0.1"))
    return minutes.to_integral() if minutes == minutes.to_integral() else minutes


def _minutes_text(seconds: int) -> str:
    return (
        formats.number_format(Decimal(seconds) / 60, decimal_pos=1)
        .removesuffix(",0")
        .removesuffix(".0")
    )


def _regulation_text(session: LiveSession) -> str:
    """«3 + 2 min»: the talk and the questions in minutes."""
    return _("%(talk)s + %(questions)s min") % {
        "talk": _minutes_text(session.talk_seconds),
        "questions": _minutes_text(session.questions_seconds),
    }


@login_required
def session_list(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The programme's sessions; coordinators create them here."""
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    coordinates = permissions.can_coordinate(request.user, program)
    form = SessionCreateForm(request.POST or None, program=program) if coordinates else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = session_create(
                    stage=data["stage"],
                    event=data["event"],
                    title=data["title"],
                    talk_seconds=_seconds(data["talk_minutes"]),
                    questions_seconds=_seconds(data["questions_minutes"]),
                    by=request.user,
                )
            except ProgramError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The session is ready. Put the teams in order."))
                return redirect("programs:session_control", session_id=session.pk)
    return render(
        request,
        "programs/sessions/list.html",
        {
            "program": program,
            "sessions": _sessions_of(program),
            "coordinates": coordinates,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


# --- the coordinator's control view --------------------------------------------------------


def _render_control(
    request: AuthenticatedRequest, session: LiveSession, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = _control_context(request, session)
    context["error"] = error
    template = (
        "programs/sessions/_control_live.html" if request.htmx else "programs/sessions/control.html"
    )
    return render(request, template, context, status=status)


def _after_control(
    request: AuthenticatedRequest, session: LiveSession, error: str = ""
) -> HttpResponse:
    if request.htmx:
        # htmx swaps 200s only; the error is drawn inside the live part.
        return _render_control(request, session, error=error)
    if error:
        messages.error(request, error)
    return redirect("programs:session_control", session_id=session.pk)


@login_required
@never_cache
def session_control(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """Start, pause, next, add time; the order of teams; the question queue."""
    session = permissions.session_for_coordinator(viewer=request.user, pk=session_id)
    return _render_control(request, session)


def _seen(request: HttpRequest) -> tuple[str, int] | None:
    """The phase and team the buttons were drawn for: «talk:0»."""
    phase, _sep, index = request.POST.get("at", "").partition(":")
    return (phase, int(index)) if phase and index.isdigit() else None


def _control(request: AuthenticatedRequest, session_id: int, act: Any) -> HttpResponse:
    """One button of the control view: run ``act`` on the session, then draw the result."""
    session = permissions.session_for_coordinator(viewer=request.user, pk=session_id)
    try:
        session = act(session)
    except ProgramError as error:
        return _after_control(request, _session(request, session.pk), str(error))
    return _after_control(request, session)


@login_required
@require_POST
def session_start_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    return _control(request, session_id, lambda s: session_start(session=s))


@login_required
@require_POST
def session_pause_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    return _control(request, session_id, lambda s: session_pause(session=s))


@login_required
@require_POST
def session_resume_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    return _control(request, session_id, lambda s: session_resume(session=s))


@login_required
@require_POST
def session_next_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    seen = _seen(request)
    return _control(request, session_id, lambda s: session_next(session=s, seen=seen))


@login_required
@require_POST
def session_back_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    seen = _seen(request)
    return _control(request, session_id, lambda s: session_back(session=s, seen=seen))


def _add_time(session: LiveSession, seconds: str) -> LiveSession:
    if not seconds.lstrip("-").isdigit():
        raise ProgramError(_("Add from 1 second to an hour."))
    return session_add_time(session=session, seconds=int(seconds))


@login_required
@require_POST
def session_add_time_view(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    seconds = request.POST.get("seconds", "")
    return _control(request, session_id, lambda s: _add_time(s, seconds))


@login_required
@require_POST
def session_order(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The new order of teams: the list as dragged, or one team moved up or down."""
    session = permissions.session_for_coordinator(viewer=request.user, pk=session_id)
    team_ids = [int(v) for v in request.POST.getlist("team") if v.isdigit()]
    move = request.POST.get("move", "")
    if ":" in move:
        team, direction = move.split(":", 1)
        if team.isdigit() and int(team) in team_ids:
            i = team_ids.index(int(team))
            j = i - 1 if direction == "up" else i + 1
            if 0 <= j < len(team_ids):
                team_ids[i], team_ids[j] = team_ids[j], team_ids[i]
    try:
        session = slots_reorder(session=session, team_ids=team_ids)
    except ProgramError as error:
        return _after_control(request, _session(request, session.pk), str(error))
    return _after_control(request, session)


@login_required
@require_POST
def session_shuffle(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = permissions.session_for_coordinator(viewer=request.user, pk=session_id)
    try:
        session = slots_shuffle(session=session)
    except ProgramError as error:
        return _after_control(request, _session(request, session.pk), str(error))
    return _after_control(request, session)


@login_required
@require_POST
def session_regulation(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = permissions.session_for_coordinator(viewer=request.user, pk=session_id)
    form = RegulationForm(request.POST)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _after_control(request, session, error)
    try:
        session = session_set_regulation(
            session=session,
            talk_seconds=_seconds(form.cleaned_data["talk_minutes"]) or 0,
            questions_seconds=_seconds(form.cleaned_data["questions_minutes"]) or 0,
        )
    except ProgramError as error:
        return _after_control(request, session, str(error))
    return _after_control(request, session)


@login_required
@require_POST
def question_answered(
    request: AuthenticatedRequest, session_id: int, question_id: int
) -> HttpResponse:
    question = permissions.question_for_coordinator(
        viewer=request.user, session_id=session_id, pk=question_id
    )
    question_mark_answered(question=question, answered=request.POST.get("answered") != "0")
    return _after_control(request, _session(request, session_id))


# --- the participant's view ------------------------------------------------------------------


@login_required
@never_cache
def session_participant(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """On a phone: who presents, the countdown, a form for questions with the seed's prompts."""
    session = permissions.session_for_participant(viewer=request.user, pk=session_id)
    context = _participant_context(request, session)
    if request.htmx:
        return render(request, "programs/sessions/_participant_live.html", context)
    context.update(
        {
            "form": QuestionForm(),
            "prompts": PRESENTER_QUESTIONS,
            "runs": permissions.can_run_session(request.user, session),
        }
    )
    return render(request, "programs/sessions/participant.html", context)


@login_required
@require_POST
def session_ask(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = permissions.session_for_participant(viewer=request.user, pk=session_id)
    form = QuestionForm(request.POST)
    sent = None
    if form.is_valid():
        try:
            sent = question_ask(
                session=session, author=request.user, text=form.cleaned_data["text"]
            )
        except ProgramError as error:
            form.add_error("text", str(error))
    if request.htmx:
        context = {
            "session": session,
            "form": QuestionForm() if sent else form,
            "prompts": PRESENTER_QUESTIONS,
            "sent": sent,
        }
        return render(request, "programs/sessions/_ask_form.html", context)
    if sent is not None:
        messages.success(
            request, _("The question is sent to %(team)s.") % {"team": sent.slot.team.label}
        )
        return redirect("programs:session", session_id=session.pk)
    context = _participant_context(request, session)
    context.update({"form": form, "prompts": PRESENTER_QUESTIONS})
    return render(request, "programs/sessions/participant.html", context, status=400)


@login_required
@never_cache
def session_state_json(request: AuthenticatedRequest, session_id: int) -> JsonResponse:
    session = permissions.session_for_participant(viewer=request.user, pk=session_id)
    return JsonResponse(_state_json(session))


# --- the big screen ------------------------------------------------------------------------


@never_cache
def session_screen(request: HtmxRequest, token: str) -> HttpResponse:
    """For the projector, without login: the team, its members' names, the countdown, what is
    next. The link is the secret; it shows nothing else about people."""
    session = permissions.session_for_screen(token=token)
    context = _live_context(session)
    if request.htmx:
        return render(request, "programs/sessions/_screen_live.html", context)
    context["participant_url"] = request.build_absolute_uri(
        reverse("programs:session", args=[session.pk])
    )
    return render(request, "programs/sessions/screen.html", context)


@never_cache
def session_screen_state(request: HttpRequest, token: str) -> JsonResponse:
    return JsonResponse(_state_json(permissions.session_for_screen(token=token)))
