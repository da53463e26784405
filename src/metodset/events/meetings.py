"""Online meetings: a plain link, a Jitsi room, or a BigBlueButton meeting through its API.

BigBlueButton: every call is ``<server>/<call>?<query>&checksum=<hex>``, where the checksum
is SHA-1 (or SHA-256, per ``BBB_CHECKSUM``) of ``<call><query><secret>`` over exactly the
query string sent (docs.bigbluebutton.org, "API security model"). ``create`` is idempotent
for the same meetingID, so it is called before every join: the first person to come starts
the room. The server URL and secret come from ``BBB_URL`` and ``BBB_SECRET``.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from urllib.parse import urlencode
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from metodset.accounts.models import User

from .models import Event


class MeetingError(Exception):
    """The meeting cannot be opened now; the message is for the person."""


# --- Jitsi ------------------------------------------------------------------------------


def jitsi_room_name() -> str:
    """An unguessable room name: a Jitsi room is open to whoever knows it."""
    return f"metodset-{secrets.token_urlsafe(12).replace('_', '').replace('-', '')}"


def jitsi_url(event: Event, user: User) -> str:
    base = settings.JITSI_URL.rstrip("/")
    # The display name through the URL fragment, as Jitsi Meet reads it.
    name = urlencode({"userInfo.displayName": f'"{user.get_full_name()}"'})
    return f"{base}/{event.meeting_room}#{name}"


# --- BigBlueButton ------------------------------------------------------------------------


def bbb_checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """The checksum BigBlueButton requires: hash of call name + query string + shared secret."""
    digest = hashlib.new(algorithm)
    digest.update(f"{call}{query}{secret}".encode())
    return digest.hexdigest()


def bbb_url(call: str, params: list[tuple[str, str]], *, base: str = "", secret: str = "") -> str:
    """A signed API URL for ``call`` with ``params`` in the given order."""
    base = (base or settings.BBB_URL).rstrip("/")
    secret = secret or settings.BBB_SECRET
    query = urlencode(params)
    checksum = bbb_checksum(call, query, secret, settings.BBB_CHECKSUM)
    return f"{base}/{call}?{query}&checksum={checksum}"


def _passwords(event: Event) -> tuple[str, str]:
    """(attendee, moderator) passwords, kept for servers older than 2.4 that still need them."""
    return event.meeting_secret[:16], event.meeting_secret[16:]


def bbb_create_url(event: Event) -> str:
    attendee, moderator = _passwords(event)
    params = [
        ("name", event.title[:250]),
        ("meetingID", event.meeting_room),
        ("attendeePW", attendee),
        ("moderatorPW", moderator),
        ("record", "true"),
        ("duration", str(event.duration_minutes + 60)),
        ("logoutURL", f"{settings.SITE_URL}/events/{event.pk}/"),
    ]
    return bbb_url("create", params)


def bbb_join_url(event: Event, user: User, *, moderator: bool) -> str:
    attendee, moderator_pw = _passwords(event)
    params = [
        ("fullName", user.get_full_name() or user.email),
        ("meetingID", event.meeting_room),
        ("password", moderator_pw if moderator else attendee),
        ("role", "MODERATOR" if moderator else "VIEWER"),
        ("userID", str(user.pk)),
        ("redirect", "true"),
    ]
    return bbb_url("join", params)


def bbb_create(event: Event) -> None:
    """Ask the server to create the meeting (a no-op if it exists); MeetingError if it fails."""
    if not settings.BBB_URL or not settings.BBB_SECRET:
        raise MeetingError(_("BigBlueButton is not configured on this platform."))
    try:
        with urllib.request.urlopen(bbb_create_url(event), timeout=10) as response:  # noqa: S310
            body = response.read()
    except (urllib.error.URLError, TimeoutError) as exc:
        raise MeetingError(
            _("The BigBlueButton server does not answer. Try again in a minute.")
        ) from exc
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise MeetingError(_("The BigBlueButton server gave an unexpected answer.")) from exc
    if root.findtext("returncode") != "SUCCESS":
        message = root.findtext("message") or root.findtext("messageKey") or ""
        raise MeetingError(_("BigBlueButton refused to open the room: %s") % message)


# --- any provider -------------------------------------------------------------------------


def room_for(provider: str) -> str:
    """The room a new event of this provider gets; "" if the provider names no room."""
    if provider == Event.Provider.JITSI:
        return jitsi_room_name()
    if provider == Event.Provider.BBB:
        return f"metodset-{secrets.token_hex(10)}"
    return ""


def join_url(event: Event, user: User, *, moderator: bool) -> str:
    """Where "Войти" sends this person; MeetingError if there is nowhere to go."""
    if event.provider == Event.Provider.LINK and event.meeting_url:
        return event.meeting_url
    if event.provider == Event.Provider.JITSI and event.meeting_room:
        return jitsi_url(event, user)
    if event.provider == Event.Provider.BBB and event.meeting_room:
        bbb_create(event)
        return bbb_join_url(event, user, moderator=moderator)
    raise MeetingError(_("This event has no online meeting."))
