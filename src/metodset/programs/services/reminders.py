"""Reminders of assignments' due dates, sent once to each team or intern that has not
handed in; run by the worker's schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from metodset.accounts.models import User

from ..models import (
    Assignment,
    AssignmentReminder,
    Program,
    ProgramMember,
    Submission,
    Team,
)
from .letters import _email, _interns_of, _Subject

State = Submission.State
Role = ProgramMember.Role
REMINDER_LEAD = timedelta(hours=48)
REMINDER_BATCH = 200


@dataclass(frozen=True)
class DueReminder:
    assignment_id: int
    team_id: int | None = None
    user_id: int | None = None


def assignment_reminders_due(*, now: datetime, limit: int) -> list[DueReminder]:
    """Teams and interns of running programmes whose work is due within 48 hours and not
    handed in, and who have not been reminded of it."""
    assignments = (
        Assignment.objects.filter(
            due_at__gt=now,
            due_at__lte=now + REMINDER_LEAD,
            stage__program__status=Program.Status.RUNNING,
        )
        .select_related("stage")
        .order_by("due_at", "pk")
    )
    due: list[DueReminder] = []
    for assignment in assignments:
        handed_in = Submission.objects.filter(assignment=assignment).exclude(state=State.DRAFT)
        reminded = AssignmentReminder.objects.filter(assignment=assignment)
        if assignment.scope == Assignment.Scope.TEAM:
            team_ids = (
                Team.objects.filter(
                    program_id=assignment.stage.program_id,
                    members__role=Role.INTERN,
                    members__user__is_active=True,
                )
                .exclude(pk__in=handed_in.filter(team__isnull=False).values("team_id"))
                .exclude(pk__in=reminded.filter(team__isnull=False).values("team_id"))
                .distinct()
                .order_by("number", "pk")
                .values_list("pk", flat=True)
            )
            due += [DueReminder(assignment.pk, team_id=pk) for pk in team_ids[: limit - len(due)]]
        else:
            user_ids = (
                ProgramMember.objects.filter(
                    program_id=assignment.stage.program_id,
                    role=Role.INTERN,
                    user__is_active=True,
                )
                .exclude(user_id__in=handed_in.filter(user__isnull=False).values("user_id"))
                .exclude(user_id__in=reminded.filter(user__isnull=False).values("user_id"))
                .order_by("user_id")
                .values_list("user_id", flat=True)
            )
            due += [DueReminder(assignment.pk, user_id=pk) for pk in user_ids[: limit - len(due)]]
        if len(due) >= limit:
            break
    return due


def assignment_reminder_send(*, reminder: DueReminder) -> bool:
    """Remind one team (each of its interns) or one intern, exactly once: the unique reminder
    row is written in the same transaction as the queued e-mails."""
    try:
        with transaction.atomic():
            AssignmentReminder.objects.create(
                assignment_id=reminder.assignment_id,
                team_id=reminder.team_id,
                user_id=reminder.user_id,
            )
            assignment = Assignment.objects.select_related("stage__program").get(
                pk=reminder.assignment_id
            )
            if reminder.team_id is not None:
                team = Team.objects.get(pk=reminder.team_id)
                readers = _interns_of(team)
                path = reverse("programs:team_submission", args=[team.pk, assignment.pk])
            else:
                assert reminder.user_id is not None
                team = None
                readers = list(User.objects.filter(pk=reminder.user_id, is_active=True))
                path = reverse("programs:my_submission", args=[assignment.pk])
            for reader in readers:
                _email(
                    to=reader,
                    template="assignment_reminder",
                    subject=_Subject(
                        gettext_lazy("The work is due soon: %(title)s"), title=assignment.title
                    ),
                    context={
                        "assignment": assignment,
                        "program": assignment.stage.program,
                        "team": team,
                        "url": settings.SITE_URL + path,
                    },
                )
    except IntegrityError:  # another worker reminded them a moment ago
        return False
    return True


def assignment_reminders_send_due(
    *, now: datetime | None = None, limit: int = REMINDER_BATCH
) -> tuple[int, bool]:
    """Send the due reminders, up to ``limit``; return (sent, more_left)."""
    now = now or timezone.now()
    due = assignment_reminders_due(now=now, limit=limit)
    sent = sum(assignment_reminder_send(reminder=reminder) for reminder in due)
    return sent, len(due) == limit
