"""A person's named answers are in their data export, and unlinked when their data are deleted."""

from metodset.accounts.services import person_data_export, person_delete
from metodset.surveys.models import Question, Response

from . import factories

Kind = Question.Kind


def test_named_answers_are_exported_and_unlinked_on_deletion(world):
    q = factories.questionnaire(by=world.coordinator, title="Рефлексия")
    question = factories.question(q, Kind.SINGLE, "Все ли цели были реализованы?")
    (invitation,) = factories.invite(q, world.teacher)
    factories.respond(q, {question: 1}, user=world.teacher, invitation=invitation)

    data = person_data_export(person=world.teacher)
    assert data["questionnaires"][0]["questionnaire"] == "Рефлексия"
    assert data["questionnaires"][0]["answers"] == [
        {"question": "Все ли цели были реализованы?", "row": None, "answer": "Большая часть"}
    ]

    person_delete(person=world.teacher, by=world.coordinator)
    response = Response.objects.get()
    assert response.user is None and response.invitation is None
    assert response.answers.count() == 1  # the statistics stay
