"""Questionnaires in the JSON API (the router is mounted at /api/)."""

import pytest

from metodset.surveys.models import Question

from ..conftest import client_for
from . import factories

Kind = Question.Kind


@pytest.fixture
def survey(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    scale = factories.question(q, Kind.SCALE, "Насколько вы удовлетворены событием?")
    yes_no = factories.question(q, Kind.YES_NO, "Было ли полезным участие?")
    (invitation, _other) = factories.invite(q, world.teacher, world.colleague)
    factories.respond(q, {scale: 4, yes_no: True}, user=world.teacher, invitation=invitation)
    factories.respond(q, {scale: 2, yes_no: False}, channel="public")
    return q


def test_the_questionnaires_i_run_are_listed_with_counts(world, survey):
    factories.questionnaire(by=world.outsider, title="Чужая")
    response = client_for(world.coordinator).get("/api/questionnaires/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == survey.pk and item["title"] == "Рефлексия участника интернатуры"
    assert (item["response_count"], item["invited_count"], item["answered_count"]) == (2, 2, 1)
    assert item["network"] == {
        "id": world.network.pk,
        "name": "Учитель в цифровой образовательной среде",
    }


def test_a_teacher_lists_nothing(world, survey):
    assert client_for(world.teacher).get("/api/questionnaires/").json()["count"] == 0


def test_results_as_json(world, survey):
    response = client_for(world.coordinator).get(f"/api/questionnaires/{survey.pk}/results")
    assert response.status_code == 200
    data = response.json()
    assert (data["responses"], data["invited"], data["answered"]) == (2, 2, 1)
    assert data["answered_percent"] == 50.0
    scale, yes_no = data["questions"]
    assert scale["mean"] == 3.0 and scale["respondents"] == 2
    assert [o["count"] for o in scale["options"]] == [0, 1, 0, 1, 0]
    assert yes_no["options"] == [
        {"label": "Да", "count": 1, "percent": 50.0},
        {"label": "Нет", "count": 1, "percent": 50.0},
    ]


@pytest.mark.parametrize("who", ["teacher", "outsider"])
def test_results_are_refused_to_others(world, survey, who):
    response = client_for(getattr(world, who)).get(f"/api/questionnaires/{survey.pk}/results")
    assert response.status_code == 403


def test_results_of_a_missing_questionnaire_are_404(world):
    response = client_for(world.coordinator).get("/api/questionnaires/999999/results")
    assert response.status_code == 404


def test_anonymous_caller_gets_401(db):
    from django.test import Client

    assert Client().get("/api/questionnaires/").status_code == 401
