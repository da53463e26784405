"""«Моя неделя» of an organisation's manager and methodist: routes with overdue steps, the
board in the «Реестры» menu."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.routes.models import Route, Step

from .. import factories
from ..conftest import client_for
from .conftest import SCHOOL_YEAR, TODAY


def _route(user, organization, *, overdue: int, status=Route.Status.APPROVED) -> Route:
    route = Route.objects.create(
        user=user, organization=organization, year=SCHOOL_YEAR, status=status
    )
    for n in range(overdue):
        Step.objects.create(route=route, title=f"Шаг {n}", ends_on=TODAY - dt.timedelta(days=2))
    Step.objects.create(route=route, title="Впереди", ends_on=TODAY + dt.timedelta(days=20))
    Step.objects.create(
        route=route,
        title="Сделано",
        ends_on=TODAY - dt.timedelta(days=9),
        status=Step.Status.DONE,
    )
    return route


def _part(html: str) -> str:
    start = html.index('data-testid="week-overdue-routes"')
    return " ".join(html[start : html.index("</ul>", start)].split())


def test_head_and_methodist_see_routes_with_overdue_steps_linked_to_the_list(world):
    _route(world.teacher, world.school, overdue=2)
    _route(world.colleague, world.school, overdue=0)
    _route(world.methodist, world.school, overdue=1, status=Route.Status.DRAFT)  # not followed yet
    for person in (world.manager, world.methodist):
        part = _part(client_for(person).get("/").content.decode())
        assert "1 маршрут с просроченными шагами" in part
        assert f'href="/routes/org/{world.school.pk}/?year={SCHOOL_YEAR}&amp;overdue=on"' in part
        assert f'href="/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}"' in part


def test_teachers_other_schools_and_the_council_do_not_see_them(world):
    _route(world.teacher, world.school, overdue=2)
    for person in (world.teacher, world.outsider, world.council, world.coordinator):
        html = client_for(person).get("/").content.decode()
        assert 'data-testid="week-overdue-routes"' not in html


def test_overdue_routes_cost_the_same_for_one_and_three(world):
    client = client_for(world.methodist)
    _route(world.teacher, world.school, overdue=1)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(2):
        _route(factories.person(organization_=world.school), world.school, overdue=n + 1)
    with CaptureQueriesContext(connection) as three:
        html = client.get("/").content.decode()
    assert "3 маршрута с просроченными шагами" in _part(html)
    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_board_is_in_the_more_menu_of_the_schools_staff(world):
    html = client_for(world.methodist).get("/").content.decode()
    menu = html[html.index('data-testid="nav-more"') :]
    assert f'href="/routes/org/{world.school.pk}/board/">Табло маршрутов</a>' in menu
    for person in (world.teacher, world.council, world.coordinator):
        html = client_for(person).get("/").content.decode()
        assert "Табло маршрутов" not in html
