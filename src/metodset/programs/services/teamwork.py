"""The team's work between events: the thread with requests to the tutor, submissions kept in
versions, and the tutor's review with comments beside the fields.

A submission moves draft → submitted → returned → submitted … → accepted. Saving a draft
overwrites the latest version that is not handed in, or starts a new one after a handed-in
version, so every version the tutor saw stays as it was. Handing in late is marked, never
refused.

The checks of a submission live in ``submission_checks``, the reminders of due dates in
``reminders`` and the letters in ``letters``; the names callers use are importable from here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import User

from ..models import (
    Assignment,
    ProgramMember,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)
from .errors import ProgramError
from .letters import (
    _email,
    _email_authors,
    _review_path,
    _reviewers,
    _reviewers_of_team,
    _Subject,
    _team_of,
)
from .reminders import DueReminder as DueReminder
from .reminders import assignment_reminder_send as assignment_reminder_send
from .reminders import assignment_reminders_due as assignment_reminders_due
from .reminders import assignment_reminders_send_due as assignment_reminders_send_due
from .submission_checks import (
    CARD_KEYS,
    CARD_LABELS,
    MESSAGE_MAX,
    OTHER_PARTS,
    TEXT_MAX,
    _clean_card,
    handing_in_problems,
    material_file_check,
    video_file_check,
)
from .submission_checks import CARD_REQUIRED as CARD_REQUIRED
from .submission_checks import VIDEO_EXTENSIONS as VIDEO_EXTENSIONS
from .submission_checks import video_max_bytes as video_max_bytes
from .submission_checks import video_url_check as video_url_check

State = Submission.State
Role = ProgramMember.Role


# --- the thread -----------------------------------------------------------------------------


@transaction.atomic
def message_post(
    *,
    team: Team,
    author: User,
    text: str,
    file: UploadedFile[bytes] | None = None,
    to_tutor: bool = False,
) -> TeamMessage:
    """A message in the team's thread; a request to the tutor is e-mailed to the tutor."""
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text and file is None:
        errors["text"] = [_("Write a message.")]
    elif len(text) > MESSAGE_MAX:
        errors["text"] = [
            _("Not more than %(limit)s characters; now %(length)s.")
            % {"limit": MESSAGE_MAX, "length": len(text)}
        ]
    if file is not None:
        try:
            material_file_check(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    to_tutor = to_tutor and team.tutor_id != author.pk
    message = TeamMessage(team=team, author=author, text=text, to_tutor=to_tutor)
    if file is not None:
        message.file = file
    message.save()
    if to_tutor:
        url = settings.SITE_URL + reverse("programs:team", args=[team.pk]) + "#thread"
        for reader in _reviewers_of_team(team):
            _email(
                to=reader,
                template="team_request",
                subject=_Subject(gettext_lazy("A request from %(team)s"), team=team),
                context={"team": team, "message": message, "author": author, "url": url},
            )
    return message


@transaction.atomic
def message_resolve(*, message: TeamMessage, by: User) -> TeamMessage:
    """Mark a request to the tutor answered."""
    if not message.to_tutor:
        raise ProgramError(_("Only a request to the tutor can be marked answered."))
    if message.resolved_at is None:
        message.resolved_at = timezone.now()
        message.save(update_fields=["resolved_at"])
    return message


# --- submissions ----------------------------------------------------------------------------


def submission_for(
    *, assignment: Assignment, team: Team | None = None, user: User | None = None
) -> Submission:
    """The team's (or the intern's) submission for the assignment, created as a draft."""
    if assignment.scope == Assignment.Scope.TEAM:
        if team is None:
            raise ValueError("a team assignment needs the team")
        lookup: dict[str, Any] = {"team": team}
    else:
        if user is None:
            raise ValueError("a personal assignment needs the intern")
        lookup = {"user": user}
    existing = Submission.objects.filter(assignment=assignment, **lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Submission.objects.create(assignment=assignment, **lookup)
    except IntegrityError:  # a team-mate opened it a moment ago
        return Submission.objects.get(assignment=assignment, **lookup)


def _lock(submission: Submission) -> None:
    """Lock the row for the transaction and read its state afresh into the caller's object."""
    Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk").get()
    submission.refresh_from_db(fields=["state", "late", "submitted_at", "accepted_at"])


def _latest(submission: Submission) -> SubmissionVersion | None:
    return submission.versions.order_by("-number").first()


def _refuse_changes(submission: Submission) -> None:
    if submission.state == State.SUBMITTED:
        raise ProgramError(
            _("The work is handed in and waits for the tutor's review; it cannot be changed now.")
        )
    if submission.state == State.ACCEPTED:
        raise ProgramError(_("The work is accepted; it cannot be changed."))


def _next_version(submission: Submission, latest: SubmissionVersion | None) -> SubmissionVersion:
    """A new version that starts as a copy of the handed-in one before it."""
    if latest is None:
        return SubmissionVersion(submission=submission, number=1)
    return SubmissionVersion(
        submission=submission,
        number=latest.number + 1,
        card=dict(latest.card),
        text=latest.text,
        video_url=latest.video_url,
        file=latest.file.name if latest.file else "",
    )


@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    by: User,
    card: dict[str, Any] | None = None,
    text: str = "",
    video_url: str = "",
    file: UploadedFile[bytes] | None = None,
    clear_file: bool = False,
) -> SubmissionVersion:
    """Save the draft: ``card``, ``text`` and ``video_url`` are its whole new content
    (``card=None`` keeps the card); ``file`` replaces the attached file, ``None`` keeps it.

    Raises ``ValidationError`` {field: [message]} for a bad link, file or length, and
    ``ProgramError`` when the work is handed in or accepted.
    """
    _lock(submission)
    _refuse_changes(submission)
    assignment = submission.assignment
    errors: dict[str, list[str]] = {}
    clean_card = _clean_card(card, errors) if card is not None else None
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        errors["text"] = [
            _("Not more than %(limit)s characters; now %(length)s.")
            % {"limit": TEXT_MAX, "length": len(text)}
        ]
    video_url = (video_url or "").strip()
    if video_url:
        try:
            video_url = video_url_check(video_url)
        except ValidationError as error:
            errors["video_url"] = error.messages
    if file is not None:
        try:
            if assignment.kind == Assignment.Kind.VIDEO:
                video_file_check(file)
            else:
                material_file_check(file)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    latest = _latest(submission)
    version = latest if latest is not None and not latest.submitted else None
    if version is None:
        version = _next_version(submission, latest)
    if clean_card is not None:
        version.card = clean_card
    version.text = text
    version.video_url = video_url
    if file is not None:
        version.file = file
    elif clear_file:
        version.file = ""
    version.author = by
    version.created_at = timezone.now()
    version.save()
    submission.save(update_fields=["updated_at"])
    return version


@transaction.atomic
def submission_submit(
    *, submission: Submission, by: User, now: datetime | None = None
) -> SubmissionVersion:
    """Hand the latest version in (draft or returned → submitted) and tell the tutor.

    After the due date the work is marked late, never refused; only the first hand-in can be
    late: handing in again after a return is part of the review.
    """
    now = now or timezone.now()
    _lock(submission)
    _refuse_changes(submission)
    assignment = submission.assignment
    latest = _latest(submission)
    problems = handing_in_problems(assignment=assignment, version=latest)
    if problems:
        raise ValidationError(problems)
    assert latest is not None
    first = not submission.versions.filter(submitted=True).exists()
    if latest.submitted:  # handed in again unchanged after a return: a version of its own
        latest = _next_version(submission, latest)
        latest.author = by
    latest.submitted = True
    latest.created_at = now
    latest.save()
    if first and assignment.due_at is not None and now > assignment.due_at:
        submission.late = True
    submission.state = State.SUBMITTED
    submission.submitted_at = now
    submission.save(update_fields=["state", "submitted_at", "late", "updated_at"])
    team = _team_of(submission)
    for reader in _reviewers(submission, team):
        _email(
            to=reader,
            template="submission_submitted",
            subject=_Subject(
                gettext_lazy("Handed in for review: %(title)s"), title=assignment.title
            ),
            context={
                "submission": submission,
                "assignment": assignment,
                "version": latest,
                "team": team,
                "author": by,
                "url": settings.SITE_URL + _review_path(submission, team),
            },
        )
    return latest


def _clean_comments(comments: dict[str, str]) -> dict[str, str]:
    allowed = set(CARD_KEYS) | set(OTHER_PARTS)
    unknown = set(comments) - allowed
    if unknown:
        raise ValueError(f"no such fields to comment on: {sorted(unknown)}")
    return {key: text.strip() for key, text in comments.items() if text and text.strip()}


@transaction.atomic
def submission_return(
    *,
    submission: Submission,
    by: User,
    comments: dict[str, str],
    general: str = "",
) -> list[SubmissionComment]:
    """Return the handed-in work with comments beside its fields (submitted → returned);
    the comments stay on the version the tutor read, and the team gets an e-mail."""
    _lock(submission)
    if submission.state != State.SUBMITTED:
        raise ProgramError(_("Only work that is handed in can be returned."))
    comments = _clean_comments(comments)
    general = (general or "").strip()
    if not comments and not general:
        raise ValidationError(
            {"general": [_("Write at least one comment: what should the team change?")]}
        )
    version = _latest(submission)
    assert version is not None and version.submitted
    now = timezone.now()
    written = [
        SubmissionComment(version=version, field=key, author=by, text=text, created_at=now)
        for key, text in comments.items()
    ]
    if general:
        written.append(
            SubmissionComment(version=version, field="", author=by, text=general, created_at=now)
        )
    SubmissionComment.objects.bulk_create(written)
    submission.state = State.RETURNED
    submission.save(update_fields=["state", "updated_at"])
    _email_authors(
        submission,
        template="submission_returned",
        subject=gettext_lazy("Returned with comments: %(title)s"),
        context={
            "version": version,
            "comments": [
                (CARD_LABELS.get(c.field, _part_label(c.field)), c.text) for c in written if c.field
            ],
            "general": general,
            "tutor": by,
        },
    )
    return written


@transaction.atomic
def submission_accept(*, submission: Submission, by: User, comment: str = "") -> Submission:
    """Accept the handed-in work (submitted → accepted); the team gets an e-mail."""
    _lock(submission)
    if submission.state != State.SUBMITTED:
        raise ProgramError(_("Only work that is handed in can be accepted."))
    version = _latest(submission)
    assert version is not None
    comment = (comment or "").strip()
    if comment:
        SubmissionComment.objects.create(version=version, field="", author=by, text=comment)
    submission.state = State.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.save(update_fields=["state", "accepted_at", "updated_at"])
    _email_authors(
        submission,
        template="submission_accepted",
        subject=gettext_lazy("Accepted: %(title)s"),
        context={"version": version, "comment": comment, "tutor": by},
    )
    return submission


def _part_label(part: str) -> str:
    return {
        "text": _("Text of the work"),
        "video_url": _("Video"),
        "file": _("File"),
    }.get(part, part)
