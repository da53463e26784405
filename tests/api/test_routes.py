"""Routes in the API: the caller's own, their organisation's; nobody else's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership
from metodset.accounts.tokens import token_create
from metodset.routes import selectors, services

from .. import factories
from ..conftest import client_for
from ..routes.conftest import SCHOOL_YEAR, TODAY, assess


@pytest.fixture
def route(world):
    assess(world.teacher, world.school, {"МТ.4": 0, "КМ.2": 1})
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    step = selectors.steps_of(route).first()
    services.step_mark_done(step=step, evidence_url="https://example.ru/plan", reflection="Полезно")
    return route


def _items(user, **params) -> list[dict]:
    response = client_for(user).get("/api/routes", params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_teacher_gets_her_route_with_steps_by_token(route, world):
    _token, secret = token_create(user=world.teacher, name="Электронный журнал")
    client = client_for(world.teacher)
    client.logout()
    listed = client.get("/api/routes", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["items"]
    assert [r["id"] for r in listed] == [route.pk]
    assert listed[0]["person_name"] == "Петрова Елена Викторовна"
    assert listed[0]["status"] == "approved" and listed[0]["done_count"] == 1
    detail = client.get(f"/api/routes/{route.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert [d["code"] for d in detail["deficits"]] == ["МТ.4", "КМ.2"]
    first = detail["steps"][0]
    assert first["competency"]["code"] == "МТ.4"
    assert first["status"] == "done" and first["evidence_url"] == "https://example.ru/plan"
    assert first["reflection"] == "Полезно" and first["reason"]
    assert len(detail["steps"]) == route.steps.count()


def test_methodist_sees_the_organisations_routes_colleagues_and_outsiders_do_not(route, world):
    assert [r["id"] for r in _items(world.methodist, organization=world.school.pk)] == [route.pk]
    assert _items(world.methodist, status="draft") == []
    assert client_for(world.methodist).get(f"/api/routes/{route.pk}").status_code == 200
    for person in (world.colleague, world.outsider, world.kg_teacher, world.coordinator):
        assert _items(person) == []
        assert client_for(person).get(f"/api/routes/{route.pk}").status_code == 404
    assert client_for(world.colleague).get("/api/routes/999999").status_code == 404


def test_coordinator_with_named_access_sees_the_partners_routes(route, world):
    world.coordinator.user_permissions.add(
        Permission.objects.get(codename="view_named_results", content_type__app_label="diagnostics")
    )
    assert [r["id"] for r in _items(world.coordinator)] == [route.pk]


def test_anonymous_gets_401(route):
    from django.test import Client

    assert Client().get("/api/routes").status_code == 401


def test_list_query_count_does_not_grow(route, world):
    client = client_for(world.methodist)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/routes")
    for _n in range(3):
        person = factories.person(organization_=world.school, role=Membership.Role.TEACHER)
        assess(person, world.school, {"КМ.2": 1})
        services.route_draft_for(user=person, year=SCHOOL_YEAR, today=TODAY)
    with CaptureQueriesContext(connection) as four:
        items = client.get("/api/routes").json()["items"]
    assert len(items) == 4 and len(four) == len(one)
