"""Who completed the programme: each intern against each completion rule, with the reason.

Computed on demand in a constant number of queries (one per rule at most), never stored:
the list is always right after a late mark of attendance or an accepted resubmission.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.models import User
from metodset.accounts.timezones import DEFAULT_TIME_ZONE, moment_text
from metodset.events.models import Event, Registration
from metodset.surveys.models import Invitation

from ..models import (
    CompletionRule,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    Submission,
    Team,
)
from .errors import ProgramError

Kind = CompletionRule.Kind
HANDED_IN = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


@dataclass
class Check:
    rule: CompletionRule | None  # None: a condition an app above registered (see below)
    met: bool
    detail: str


# --- conditions of the apps above --------------------------------------------------------
# An app above programmes (expertise: «для завершения нужна успешная защита») adds a condition
# in its ``AppConfig.ready()``: a function of the programme and its interns' user ids that
# returns a check of one member, or None when the condition does not apply to the programme.
MemberCheck = Callable[[ProgramMember], Check]
ExtraCondition = Callable[[Program, list[int]], MemberCheck | None]
_conditions: dict[str, ExtraCondition] = {}


def condition_register(name: str, condition: ExtraCondition) -> None:
    """Add (or replace, by name) a completion condition of an app above programmes."""
    _conditions[name] = condition


@dataclass
class InternCompletion:
    member: ProgramMember
    checks: list[Check] = field(default_factory=list)

    @property
    def user(self) -> User:
        return self.member.user

    @property
    def team(self) -> Team | None:
        return self.member.team

    @property
    def eligible(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def missing(self) -> list[str]:
        return [check.detail for check in self.checks if not check.met]


def completion_opens_at(*, program: Program) -> datetime | None:
    """When the programme can be finished and its certificates issued: the end of its last
    event; without events, the end of its last day; None when it has neither."""
    events = Event.objects.filter(program_stages__program=program).exclude(
        status=Event.Status.CANCELLED
    )
    ends = [event.ends_at for event in events.only("starts_at", "duration_minutes")]
    if ends:
        return max(ends)
    if program.ends_on is None:
        return None
    zone = ZoneInfo(program.organizer.region.time_zone or DEFAULT_TIME_ZONE)
    return datetime.combine(program.ends_on + timedelta(days=1), time(0), tzinfo=zone)


def completion_not_yet(*, program: Program, time_zone: str, now: datetime | None = None) -> str:
    """Why the programme cannot be finished nor its certificates issued yet, with the moment
    it can in the reader's zone; "" once its last event has ended."""
    opens = completion_opens_at(program=program)
    if opens is None or (now or timezone.now()) >= opens:
        return ""
    return _(
        "The programme can be finished and its certificates issued after its last event "
        "has ended: %(when)s."
    ) % {"when": moment_text(opens, time_zone)}


def completion_check(*, program: Program, time_zone: str, now: datetime | None = None) -> None:
    """Refuse (``ProgramError``) to finish a programme whose last event has not ended."""
    not_yet = completion_not_yet(program=program, time_zone=time_zone, now=now)
    if not_yet:
        raise ProgramError(not_yet)


def completion(*, program: Program) -> list[InternCompletion]:
    """Every intern of the programme, by name, with their checks against every rule."""
    members = list(
        ProgramMember.objects.filter(program=program, role=ProgramMember.Role.INTERN)
        .select_related("user", "team")
        .order_by("user__last_name", "user__first_name", "user__middle_name", "pk")
    )
    user_ids = [m.user_id for m in members]
    rows = {m.pk: InternCompletion(member=m) for m in members}
    for rule in program.rules.select_related("assignment").order_by("pk"):
        check = _checker(rule, program=program, user_ids=user_ids)
        for member in members:
            rows[member.pk].checks.append(check(member))
    for name in sorted(_conditions):
        extra = _conditions[name](program, user_ids)
        if extra is not None:
            for member in members:
                rows[member.pk].checks.append(extra(member))
    return list(rows.values())


def _checker(
    rule: CompletionRule, *, program: Program, user_ids: list[int]
) -> Callable[[ProgramMember], Check]:
    if rule.kind == Kind.EVENTS_ATTENDED:
        events = list(
            Event.objects.filter(program_stages__program=program)
            .exclude(status=Event.Status.CANCELLED)
            .values_list("pk", flat=True)
        )
        attended = Counter(
            dict(
                Registration.objects.filter(
                    event__in=events, user__in=user_ids, attended_at__isnull=False
                )
                .values("user_id")
                .annotate(n=Count("event_id", distinct=True))
                .values_list("user_id", "n")
            )
        )
        need = rule.count or len(events)

        def events_check(member: ProgramMember) -> Check:
            got = attended[member.user_id]
            detail = ngettext(
                "attended %(got)s of %(total)s events (%(need)s needed)",
                "attended %(got)s of %(total)s events (%(need)s needed)",
                len(events),
            ) % {"got": got, "total": len(events), "need": need}
            return Check(rule, got >= need, detail)

        return events_check

    if rule.kind in (Kind.TEAM_PRODUCT_ACCEPTED, Kind.VIDEO_UPLOADED):
        states = (
            (Submission.State.ACCEPTED,) if rule.kind == Kind.TEAM_PRODUCT_ACCEPTED else HANDED_IN
        )
        submissions = Submission.objects.filter(assignment=rule.assignment, state__in=states)
        teams = set(submissions.exclude(team=None).values_list("team_id", flat=True))
        people = set(submissions.exclude(user=None).values_list("user_id", flat=True))
        title = rule.assignment.title if rule.assignment else ""
        ok_text = (
            _("«%(task)s» accepted")
            if rule.kind == Kind.TEAM_PRODUCT_ACCEPTED
            else _("«%(task)s» handed in")
        ) % {"task": title}
        no_text = (
            _("«%(task)s» is not accepted yet")
            if rule.kind == Kind.TEAM_PRODUCT_ACCEPTED
            else _("«%(task)s» is not handed in")
        ) % {"task": title}

        def work_check(member: ProgramMember) -> Check:
            met = member.team_id in teams or member.user_id in people
            return Check(rule, met, ok_text if met else no_text)

        return work_check

    if rule.kind == Kind.QUESTIONNAIRE_ANSWERED:
        answered = (
            set(
                Invitation.objects.filter(
                    questionnaire_id=rule.questionnaire_id,
                    user__in=user_ids,
                    answered_at__isnull=False,
                ).values_list("user_id", flat=True)
            )
            if rule.questionnaire_id is not None
            else set()
        )

        def questionnaire_check(member: ProgramMember) -> Check:
            met = member.user_id in answered
            return Check(
                rule,
                met,
                _("the reflection questionnaire is answered")
                if met
                else _("the reflection questionnaire is not answered"),
            )

        return questionnaire_check

    if rule.kind == Kind.PLAN_DONE:
        steps = PlanStep.objects.filter(program=program).count()
        done = Counter(
            dict(
                PlanProgress.objects.filter(step__program=program, user__in=user_ids)
                .values("user_id")
                .annotate(n=Count("pk"))
                .values_list("user_id", "n")
            )
        )

        def plan_check(member: ProgramMember) -> Check:
            got = done[member.user_id]
            return Check(
                rule,
                got >= steps,
                _("%(got)s of %(total)s steps of the plan done") % {"got": got, "total": steps},
            )

        return plan_check

    raise ValueError(f"unknown completion rule {rule.kind!r}")
