"""The team's work between events: the thread with requests to the tutor, submissions kept in
versions, the tutor's review with comments beside the fields, and reminders of due dates.

A submission moves draft → submitted → returned → submitted … → accepted. Saving a draft
overwrites the latest version that is not handed in, or starts a new one after a handed-in
version, so every version the tutor saw stays as it was. Handing in late is marked, never
refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import User
from metodset.core import uploads
from metodset.core.models import OutgoingEmail
from metodset.core.services import email_queue

from ..models import (
    Assignment,
    AssignmentReminder,
    Program,
    ProgramMember,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)
from ..schemes import EVENT_CARD
from .errors import ProgramError

State = Submission.State
Role = ProgramMember.Role

CARD_KEYS: tuple[str, ...] = tuple(key for key, _label, _help in EVENT_CARD)
CARD_LABELS: dict[str, str] = {key: label for key, label, _help in EVENT_CARD}
# What a tutor needs to review a design at all; the rest may follow after the review.
CARD_REQUIRED: tuple[str, ...] = ("title", "audience", "goals", "tasks")
# The tutor may comment on a card field or on these parts of the work.
OTHER_PARTS: tuple[str, ...] = ("text", "video_url", "file")
CARD_FIELD_MAX = 5000
TEXT_MAX = 20000
MESSAGE_MAX = 5000

REMINDER_LEAD = timedelta(hours=48)
REMINDER_BATCH = 200

VIDEO_SERVICES = {
    "rutube.ru": "RuTube",
    "vk.com": "VK Video",
    "vk.ru": "VK Video",
    "vkvideo.ru": "VK Video",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
}
VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "mov", "3gp", "webm", "mkv", "avi", "mpg", "mpeg"})
# --- checks -------------------------------------------------------------------------------


def video_max_bytes() -> int:
    return getattr(settings, "PROGRAM_VIDEO_MAX_BYTES", 200 * 1024 * 1024)


def video_url_check(value: str) -> str:
    """The link to a video on RuTube, VK Video or YouTube, normalised; a Russian message else."""
    url = value.strip()
    if not re.match(r"^[a-z]+://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    service = VIDEO_SERVICES.get(host)
    if parts.scheme.lower() not in ("http", "https") or parts.username or service is None:
        raise ValidationError(
            _(
                "Give a link to the video on RuTube, VK Video or YouTube (for example, "
                "https://rutube.ru/video/…), or upload the video file."
            ),
            code="video_host",
        )
    if not _is_video_address(service, host, parts.path, parts.query):
        raise ValidationError(
            _(
                "This is a link to %(service)s, but not to a video: open the video and copy "
                "the address from the browser's address bar."
            ),
            params={"service": service},
            code="video_page",
        )
    if len(url) > 500:
        raise ValidationError(_("The link is too long."), code="video_long")
    return url


def _is_video_address(service: str, host: str, path: str, query: str) -> bool:
    if service == "YouTube":
        if host == "youtu.be":
            return len(path.strip("/")) > 0
        return (path == "/watch" and "v=" in query) or path.startswith(
            ("/shorts/", "/live/", "/embed/")
        )
    if service == "RuTube":
        return path.startswith(("/video/", "/play/embed/", "/shorts/", "/live/video/"))
    return bool(re.search(r"(video|clip)-?\d+_\d+", path + "?" + query)) or (
        "video_ext.php" in path
    )


def video_file_check(upload: UploadedFile) -> None:
    """A video file within ``PROGRAM_VIDEO_MAX_BYTES``, of a video type by name and content."""
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = video_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _(
                "The video is larger than %(limit)s MB. Upload it to RuTube, VK Video or "
                "YouTube and give the link instead."
            ),
            params={"limit": uploads.megabytes(limit)},
            code="video_size",
        )
    if uploads.extension(upload) not in VIDEO_EXTENSIONS:
        raise ValidationError(
            _("This is not a video file. Allowed: %(types)s."),
            params={"types": ", ".join(sorted(VIDEO_EXTENSIONS))},
            code="video_type",
        )
    head = uploads.head(upload)
    if not (
        head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
        or head.startswith((b"\x1a\x45\xdf\xa3", b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3"))
        or (head.startswith(b"RIFF") and head[8:12] == b"AVI ")
    ):
        raise ValidationError(
            _("The file is named as a video, but its content is not a video."),
            code="video_content",
        )


def material_file_check(upload: UploadedFile) -> None:
    """A document, presentation, table, picture or archive, as events' materials are."""
    uploads.material_check(upload)


def _clean_card(card: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for key in CARD_KEYS:
        value = str(card.get(key) or "").strip()
        if len(value) > CARD_FIELD_MAX:
            errors.setdefault(key, []).append(
                _("Not more than %(limit)s characters; now %(length)s.")
                % {"limit": CARD_FIELD_MAX, "length": len(value)}
            )
        if value:
            clean[key] = value
    return clean


def handing_in_problems(
    *, assignment: Assignment, version: SubmissionVersion | None
) -> dict[str, list[str]]:
    """What must be filled in before the work can be handed in: {field: [message]}."""
    problems: dict[str, list[str]] = {}
    card = version.card if version is not None else {}
    if assignment.kind == Assignment.Kind.EVENT_CARD:
        for key in CARD_REQUIRED:
            if not str(card.get(key) or "").strip():
                problems[key] = [_("Fill in this field to hand the card in.")]
    elif assignment.kind == Assignment.Kind.VIDEO:
        if version is None or not (version.video_url or version.file):
            problems["video_url"] = [
                _("Give a link to the video on RuTube, VK Video or YouTube, or upload the file.")
            ]
    elif version is None or not (version.text or version.file or version.video_url):
        problems["text"] = [_("Write the work, attach a file or give a link to hand it in.")]
    return problems


# --- the thread -----------------------------------------------------------------------------


@transaction.atomic
def message_post(
    *,
    team: Team,
    author: User,
    text: str,
    file: UploadedFile | None = None,
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
    file: UploadedFile | None = None,
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


# --- reminders of due dates -------------------------------------------------------------------


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


# --- who is told ------------------------------------------------------------------------------


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
