"""Checks of a submission before it is kept or handed in: the event-design card's fields,
the video (a link to a known service or a file) and the attached material."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from metodset.core import uploads

from ..models import (
    Assignment,
    ProgramMember,
    Submission,
    SubmissionVersion,
)
from ..schemes import EVENT_CARD

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

VIDEO_SERVICES = {
    "rutube.ru": "RuTube",
    "vk.com": "VK Video",
    "vk.ru": "VK Video",
    "vkvideo.ru": "VK Video",
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
}
VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "mov", "3gp", "webm", "mkv", "avi", "mpg", "mpeg"})


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


def video_file_check(upload: UploadedFile[bytes]) -> None:
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


def material_file_check(upload: UploadedFile[bytes]) -> None:
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
