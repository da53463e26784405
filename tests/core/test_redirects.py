"""Every view that follows a ``next`` stays on this site: another host falls back to the
view's own page, a local path is followed."""

from __future__ import annotations

import pytest

from metodset.routes.models import Route
from metodset.surveys.models import Questionnaire

from .. import factories
from ..conftest import client_for

EVIL = ("https://evil.example/", "//evil.example/", "http://evil.example/x", "/\\evil.example")


def _unregister(world):
    event = factories.event(organizer=world.school, title="Семинар о чтении")
    factories.registration(event=event, user=world.teacher)
    url = f"/events/{event.pk}/unregister/"
    return world.teacher, url, {}, f"/events/{event.pk}/", "/events/my/"


def _questionnaire_status(world):
    q = Questionnaire.objects.create(
        created_by=world.methodist,
        organization=world.school,
        status=Questionnaire.Status.OPEN,
        title="Рефлексия участника интернатуры",
    )
    url = f"/surveys/{q.pk}/close/"
    return (
        world.methodist,
        url,
        {},
        f"/surveys/{q.pk}/",
        f"/surveys/{q.pk}/results/",
    )


def _route_review(world):
    route = Route.objects.create(user=world.teacher, organization=world.school, year=2026)
    url = f"/routes/{route.pk}/review/"
    return world.methodist, url, {"decision": "approve"}, f"/routes/{route.pk}/", "/routes/review/"


VIEWS = [_unregister, _questionnaire_status, _route_review]


@pytest.mark.parametrize("build", VIEWS, ids=lambda b: b.__name__.strip("_"))
@pytest.mark.parametrize("evil", EVIL)
def test_next_to_another_site_falls_back_to_the_views_own_page(world, build, evil):
    user, url, data, default, _local = build(world)
    response = client_for(user).post(url, {**data, "next": evil})
    assert response.status_code == 302
    assert response["Location"] == default


@pytest.mark.parametrize("build", VIEWS, ids=lambda b: b.__name__.strip("_"))
def test_next_on_this_site_is_followed(world, build):
    user, url, data, _default, local = build(world)
    response = client_for(user).post(url, {**data, "next": local})
    assert response.status_code == 302
    assert response["Location"] == local


def test_an_http_next_is_refused_on_a_secure_request(world):
    user, url, data, default, _local = _unregister(world)
    response = client_for(user).post(
        url, {**data, "next": "http://testserver/events/my/"}, secure=True
    )
    assert response["Location"] == default
