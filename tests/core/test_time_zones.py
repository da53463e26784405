"""A page is shown in its viewer's time zone, and the zone ends with the request."""

from django.utils import timezone

from tests.conftest import client_for


def test_the_viewers_zone_is_active_during_her_request_only(world):
    world.teacher.time_zone = "Asia/Kamchatka"
    world.teacher.save()
    client = client_for(world.teacher)
    response = client.get("/")
    assert response.status_code == 200
    assert "Asia/Kamchatka" in response.content.decode() or "Камчат" in response.content.decode()
    # The thread that served her goes on in the default zone: a test (or the next request) that
    # asks for today's date gets Moscow's, not Kamchatka's.
    assert timezone.get_current_timezone_name() == "Europe/Moscow"
