"""Online meetings: BigBlueButton's checksum by the documented algorithm, Jitsi rooms, "Войти"."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, unquote_plus, urlsplit

import pytest
from django.utils import timezone

from metodset.events import meetings, services
from metodset.events.models import Event

from .. import factories
from ..conftest import client_for

# The example of BigBlueButton's API documentation ("API Security Model"): the query string of
# a create call, the shared secret, and the SHA-1 checksum the documentation gives for them.
DOC_SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"
DOC_QUERY = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
DOC_CHECKSUM = "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"


def test_checksum_matches_the_documented_example():
    assert meetings.bbb_checksum("create", DOC_QUERY, DOC_SECRET) == DOC_CHECKSUM


def test_signed_url_carries_the_documented_checksum(settings):
    settings.BBB_CHECKSUM = "sha1"
    url = meetings.bbb_url(
        "create",
        [("name", "Test Meeting"), ("meetingID", "abc123"), ("attendeePW", "111222"),
         ("moderatorPW", "333444")],
        base="https://bbb.example.ru/bigbluebutton/api/",
        secret=DOC_SECRET,
    )  # fmt: skip
    assert url == (
        f"https://bbb.example.ru/bigbluebutton/api/create?{DOC_QUERY}&checksum={DOC_CHECKSUM}"
    )


def test_sha256_checksum_when_the_server_asks_for_it():
    # The worked example of bbbserver.com's API guide (chapter "Checksum & Authentication").
    query = (
        "name=Demo&meetingID=replace-with-meeting-id&attendeePW=replace-with-password"
        "&moderatorPW=replace-with-password"
    )
    assert meetings.bbb_checksum("create", query, "replace-with-secret", "sha256") == (
        "7e5a0a48f1542462e56ca034dc83d741bff1deb5feab0cd9ef74fa6e009fe1fd"
    )
    assert meetings.bbb_checksum("create", query, "replace-with-secret") == (
        "7030bd96ede6a7ac41da848fe3bfc562e52a5914"
    )


class _FakeBBB(BaseHTTPRequestHandler):
    """A stand-in for a BigBlueButton server: it checks each call's checksum as BBB does."""

    secret = "bbb-test-secret"
    calls: list[tuple[str, dict]] = []

    def do_GET(self):  # noqa: N802 - http.server API
        parts = urlsplit(self.path)
        call = parts.path.rsplit("/", 1)[-1]
        query, _, checksum = parts.query.rpartition("&checksum=")
        ok = meetings.bbb_checksum(call, query, self.secret) == checksum
        self.calls.append((call, dict(parse_qsl(query))))
        body = (
            "<response><returncode>SUCCESS</returncode><meetingID>x</meetingID></response>"
            if ok
            else "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey>"
            "<message>Checksums do not match</message></response>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def bbb_server(settings):
    server = HTTPServer(("127.0.0.1", 0), _FakeBBB)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeBBB.calls = []
    settings.BBB_URL = f"http://127.0.0.1:{server.server_port}/bigbluebutton/api"
    settings.BBB_SECRET = _FakeBBB.secret
    settings.BBB_CHECKSUM = "sha1"
    yield _FakeBBB
    server.shutdown()


def _live_bbb_event(world):
    return factories.event(
        organizer=world.school,
        provider=Event.Provider.BBB,
        meeting_url="",
        meeting_room="metodset-room-1",
        starts_in=timedelta(minutes=5),
        title="Вебинар в BigBlueButton",
    )


def test_registered_participant_joins_bbb_as_viewer(world, bbb_server, settings):
    event = _live_bbb_event(world)
    factories.registration(event=event, user=world.teacher)
    response = client_for(world.teacher).get(f"/events/{event.pk}/join/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{settings.BBB_URL}/join?")
    query, _, checksum = urlsplit(location).query.rpartition("&checksum=")
    assert meetings.bbb_checksum("join", query, _FakeBBB.secret) == checksum
    params = dict(parse_qsl(query))
    assert params["fullName"] == "Петрова Елена Викторовна"
    assert params["role"] == "VIEWER"
    assert params["meetingID"] == "metodset-room-1"
    # The room was created first, with a checksum the server accepted.
    assert [call for call, _ in bbb_server.calls] == ["create"]


def test_organiser_joins_bbb_as_moderator(world, bbb_server):
    event = _live_bbb_event(world)
    response = client_for(world.methodist).get(f"/events/{event.pk}/join/")
    params = dict(parse_qsl(urlsplit(response["Location"]).query))
    assert params["role"] == "MODERATOR"
    assert params["password"] == event.meeting_secret[16:]


def test_a_bbb_server_that_refuses_is_explained(world, bbb_server, settings):
    settings.BBB_SECRET = "a-wrong-secret"
    event = _live_bbb_event(world)
    factories.registration(event=event, user=world.teacher)
    response = client_for(world.teacher).get(f"/events/{event.pk}/join/", follow=True)
    assert "BigBlueButton не открыл комнату: Checksums do not match" in response.content.decode()


def test_jitsi_room_is_generated_unguessable_and_carries_the_name(world, settings):
    settings.JITSI_URL = "https://meet.example.ru"

    event = services.event_create(
        by=world.methodist,
        organizer=world.school,
        title="Консультация",
        kind=Event.Kind.CONSULTATION,
        format=Event.Format.ONLINE,
        provider=Event.Provider.JITSI,
        starts_at=timezone.now() + timedelta(minutes=10),
    )
    assert event.meeting_room.startswith("metodset-") and len(event.meeting_room) >= 20
    other = services.event_create(
        by=world.methodist,
        organizer=world.school,
        title="Ещё одна",
        kind=Event.Kind.CONSULTATION,
        format=Event.Format.ONLINE,
        provider=Event.Provider.JITSI,
        starts_at=timezone.now() + timedelta(minutes=10),
    )
    assert other.meeting_room != event.meeting_room
    factories.registration(event=event, user=world.teacher)
    location = client_for(world.teacher).get(f"/events/{event.pk}/join/")["Location"]
    assert location.startswith(f"https://meet.example.ru/{event.meeting_room}#")
    assert "Петрова Елена Викторовна" in unquote_plus(location)


def test_the_link_never_reaches_someone_not_registered(world):
    event = factories.event(organizer=world.school, starts_in=timedelta(minutes=5))
    client = client_for(world.colleague)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert event.meeting_url not in page
    response = client.get(f"/events/{event.pk}/join/", follow=True)
    assert event.meeting_url not in response.content.decode()
    assert "только зарегистрированным участникам" in response.content.decode()


def test_join_shows_only_in_the_window_around_the_start(world):
    event = factories.event(organizer=world.school, starts_in=timedelta(hours=3))
    factories.registration(event=event, user=world.teacher)
    client = client_for(world.teacher)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="join"' not in page
    assert "за 15 минут до начала" in page
    early = client.get(f"/events/{event.pk}/join/")
    assert early["Location"] == f"/events/{event.pk}/"

    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() + timedelta(minutes=10))
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="join"' in page
    assert client.get(f"/events/{event.pk}/join/")["Location"] == event.meeting_url

    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    assert 'data-testid="join"' not in client.get(f"/events/{event.pk}/").content.decode()
