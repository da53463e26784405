"""«Моя неделя» leads a member to her communities and to the lessons under way in them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.communities.models import Lesson

from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


def _lesson(cycle, stage: str) -> Lesson:
    return Lesson.objects.create(cycle=cycle, number=1, version=cycle.versions.get(), stage=stage)


def test_a_member_sees_her_community_and_the_lesson_being_observed():
    kindergarten = factories.kindergarten()
    member = factories.teacher_of(kindergarten)
    community = factories.community(organization=kindergarten, members=[member])
    observed = _lesson(factories.cycle(community_=community, title="Сказка «Теремок»"), "observing")

    page = client_for(member).get("/").text

    assert "Мои сообщества" in page and community.name in page
    assert "Наблюдать на исследовательском занятии «Сказка «Теремок»»" in page
    assert f"/communities/lessons/{observed.pk}/observe/" in page


def test_a_colleague_outside_the_community_sees_no_such_section():
    kindergarten = factories.kindergarten()
    colleague = factories.teacher_of(kindergarten)
    factories.community(organization=kindergarten, members=[factories.teacher_of(kindergarten)])

    page = client_for(colleague).get("/").text

    assert 'data-testid="week-communities"' not in page


def test_the_section_costs_the_same_for_more_communities_and_lessons():
    kindergarten = factories.kindergarten()
    member = factories.teacher_of(kindergarten)
    first = factories.community(organization=kindergarten, members=[member])
    _lesson(factories.cycle(community_=first), "analysing")
    client = client_for(member)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(3):
        more = factories.community(organization=kindergarten, members=[member], name=f"ПОС {n}")
        _lesson(factories.cycle(community_=more), "observing")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
