"""The learning plan feeds the member's route (ИОМ/ИППР): her line becomes a step of her
route of the year through routes' own services; without a route she is told to create one."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from metodset.communities.models import LearningItem
from metodset.communities.services import work as services
from metodset.routes import services as route_services
from metodset.routes.models import Route

from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


def test_a_line_sent_to_the_route_is_a_step_of_that_route():
    community, chair, others = factories.work_community(members=2)
    teacher = others[0]
    route = route_services.route_draft_for(user=teacher, by=teacher)
    item = services.learning_item_create(
        community=community,
        member=teacher,
        kind=LearningItem.Kind.HORIZONTAL,
        title="Технология продуктивного чтения",
        place="ИРО, 36 часов",
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 20),
        teaches_back_on=dt.date(2026, 11, 5),
        by=teacher,
    )
    client = client_for(teacher)

    response = client.post(reverse("communities:learning_to_route", args=[item.pk]))

    assert response.status_code == 302
    item.refresh_from_db()
    step = route.steps.get(pk=item.route_step_id)
    assert step.title == "Технология продуктивного чтения (ИРО, 36 часов)"
    assert step.form == (
        "курсы повышения квалификации, затем обучение коллег (горизонтальное обучение)"
    )
    assert step.task == "План обучения сообщества «ПОС «Читаем вместе»»"
    assert step.expected_result == "Занятие для коллег по сообществу 05.11.2026"
    assert (step.starts_on, step.ends_on) == (dt.date(2026, 10, 1), dt.date(2026, 10, 20))
    page = client.get(reverse("communities:learning", args=[community.pk])).content.decode()
    assert "Шаг маршрута на 2026/27" in page
    assert reverse("routes:route", args=[route.pk]) in page
    # Horizontal learning goes on in routes: once the course is done, she offers the session.
    assert "Когда шаг выполнен, назначьте занятие для коллег" in page
    route_page = client.get(reverse("routes:route", args=[route.pk])).content.decode()
    assert "Технология продуктивного чтения (ИРО, 36 часов)" in route_page
    # Sent once only.
    client.post(reverse("communities:learning_to_route", args=[item.pk]))
    assert route.steps.filter(title__startswith="Технология").count() == 1


def test_without_a_route_she_is_told_to_create_one():
    community, _chair, others = factories.work_community(members=1)
    item = services.learning_item_create(
        community=community, member=others[0], kind="walk", title="Прогулка в д/с № 5", by=others[0]
    )
    client = client_for(others[0])

    page = client.get(reverse("communities:learning", args=[community.pk])).content.decode()
    assert "У вас ещё нет маршрута на этот учебный год" in page
    assert reverse("routes:mine") in page
    response = client.post(reverse("communities:learning_to_route", args=[item.pk]), follow=True)
    assert "сначала создайте его" in response.content.decode()
    assert not Route.objects.exists()


def test_only_she_who_learns_sends_her_line():
    community, chair, others = factories.work_community(members=1)
    route_services.route_draft_for(user=chair, by=chair)
    item = services.learning_item_create(
        community=community, member=others[0], kind="internet", title="Вебинары", by=chair
    )
    response = client_for(chair).post(reverse("communities:learning_to_route", args=[item.pk]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.route_step_id is None


def test_a_member_adds_her_line_a_coordinator_anyones():
    community, chair, others = factories.work_community(members=2)
    url = reverse("communities:learning_add", args=[community.pk])
    data = {"kind": "vertical", "title": "Курсы по ФОП ДО", "starts_on": "2026-10-01"}

    client_for(others[0]).post(url, {**data, "member": others[1].pk})
    assert not LearningItem.objects.exists()  # not hers to plan
    client_for(others[0]).post(url, {**data, "member": others[0].pk})
    client_for(chair).post(url, {**data, "member": others[1].pk})
    assert sorted(LearningItem.objects.values_list("member_id", flat=True)) == sorted(
        [others[0].pk, others[1].pk]
    )
