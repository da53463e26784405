"""Who is told about the team's work, and the letters that tell them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from metodset.accounts.models import User
from metodset.core.models import OutgoingEmail
from metodset.core.services import email_queue

from ..models import (
    ProgramMember,
    Submission,
    Team,
)

State = Submission.State
Role = ProgramMember.Role


def _interns_of(team: Team) -> list[User]:
    return list(
        User.objects.filter(
            program_roles__team=team, program_roles__role=Role.INTERN, is_active=True
        ).order_by("last_name", "first_name", "pk")
    )


def _coordinators_of(program_id: int) -> list[User]:
    return list(
        User.objects.filter(
            program_roles__program_id=program_id,
            program_roles__role=Role.COORDINATOR,
            is_active=True,
        ).order_by("pk")
    )


def _reviewers_of_team(team: Team) -> list[User]:
    """The tutor; the programme's coordinators while the team has none."""
    if team.tutor is not None and team.tutor.is_active:
        return [team.tutor]
    return _coordinators_of(team.program_id)


def _team_of(submission: Submission) -> Team | None:
    """The team of the work: its own, or the intern's team for personal work."""
    if submission.team_id:
        return submission.team
    assert submission.user_id is not None
    member = (
        ProgramMember.objects.filter(
            program_id=submission.assignment.stage.program_id,
            user_id=submission.user_id,
            role=Role.INTERN,
            team__isnull=False,
        )
        .select_related("team__tutor")
        .first()
    )
    return member.team if member is not None else None


def _reviewers(submission: Submission, team: Team | None) -> list[User]:
    if team is not None:
        return _reviewers_of_team(team)
    return _coordinators_of(submission.assignment.stage.program_id)


def _review_path(submission: Submission, team: Team | None) -> str:
    assignment_id = submission.assignment_id
    if submission.team_id:
        return reverse("programs:team_submission", args=[submission.team_id, assignment_id])
    if team is not None:
        return reverse(
            "programs:intern_submission", args=[team.pk, assignment_id, submission.user_id]
        )
    return reverse("programs:my_submission", args=[assignment_id])


def _email_authors(
    submission: Submission, *, template: str, subject: Any, context: dict[str, Any]
) -> None:
    assignment = submission.assignment
    if submission.team_id:
        assert submission.team is not None
        readers = _interns_of(submission.team)
        path = reverse("programs:team_submission", args=[submission.team_id, assignment.pk])
    else:
        readers = [u for u in [submission.user] if u is not None and u.is_active]
        path = reverse("programs:my_submission", args=[assignment.pk])
    for reader in readers:
        _email(
            to=reader,
            template=template,
            subject=_Subject(subject, title=assignment.title),
            context={
                "submission": submission,
                "assignment": assignment,
                "team": submission.team,
                "url": settings.SITE_URL + path,
                **context,
            },
        )


def _email(*, to: User, template: str, subject: Any, context: dict[str, Any]) -> OutgoingEmail:
    return email_queue(
        to=to.email,
        subject=subject,
        template=f"programs/email/{template}",
        context={"user": to, **context},
    )


class _Subject:
    """A lazy subject with its values, translated when the e-mail is rendered."""

    def __init__(self, template: Any, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return str(self.template) % {name: str(value) for name, value in self.params.items()}
