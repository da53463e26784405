"""«Моя неделя»: the questionnaires waiting for the person's answer."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.surveys.models import Question

from ..conftest import client_for
from . import factories

Kind = Question.Kind


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_week_lists_open_questionnaires_the_person_has_not_answered(world):
    now = timezone.now()
    waiting = factories.questionnaire(
        by=world.coordinator, title="Рефлексия интерна", closes_at=now + timedelta(days=3)
    )
    answered = factories.questionnaire(by=world.coordinator, title="Уже отвеченная")
    draft = factories.questionnaire(by=world.coordinator, title="Черновая", status="draft")
    late = factories.questionnaire(
        by=world.coordinator, title="Просроченная", closes_at=now - timedelta(days=1)
    )
    (invitation,) = factories.invite(waiting, world.teacher)
    for q in (answered, draft, late):
        factories.invite(q, world.teacher)
    answered.invitations.update(answered_at=now)

    html = _text(client_for(world.teacher).get("/"))

    assert "1 анкета ждёт вашего ответа" in html
    assert f'href="/surveys/a/{invitation.token}/">Рефлексия интерна</a>' in html
    assert "Уже отвеченная" not in html and "Черновая" not in html and "Просроченная" not in html
    assert "ждёт вашего ответа" not in _text(client_for(world.colleague).get("/"))


def test_week_query_count_does_not_grow_with_invitations(world):
    client = client_for(world.teacher)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    factories.invite(factories.questionnaire(by=world.coordinator), world.teacher)
    one = count()
    for n in range(4):
        factories.invite(
            factories.questionnaire(by=world.coordinator, title=f"№ {n}"), world.teacher
        )
    assert count() == one
    assert "5 анкет ждут вашего ответа" in _text(client.get("/"))
