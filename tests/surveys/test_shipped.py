"""The questionnaires Metodset ships: valid, and asking what the seed documents list."""

import pytest

from metodset.surveys import shipped
from metodset.surveys.forms import QuestionForm
from metodset.surveys.models import Question, Questionnaire


def test_four_templates_are_shipped():
    assert [t.key for t in shipped.templates()] == [
        "internship_reflection",
        "internship_satisfaction",
        "audience_feedback",
        "professional_needs",
    ]


@pytest.mark.parametrize("template", shipped.templates(), ids=lambda t: t.key)
def test_every_shipped_question_passes_the_builders_checks(db, template):
    questionnaire = Questionnaire.objects.create(title=template.title)
    for section in template.sections:
        for question in section.questions:
            fields = question.fields()
            data = {
                "kind": fields["kind"],
                "text": fields["text"],
                "help_text": fields["help_text"],
                "options": "\n".join(fields["options"]),
                "rows": "\n".join(fields["rows"]),
                "matrix_columns": "options" if fields["options"] else "scale",
                "scale": f"{fields['scale_min']}-{fields['scale_max']}"
                if fields["scale_min"] is not None
                else "1-5",
                "number_min": fields["number_min"] if fields["number_min"] is not None else "",
                "number_max": fields["number_max"] if fields["number_max"] is not None else "",
            }
            form = QuestionForm(data, questionnaire=questionnaire)
            assert form.is_valid(), (question.text, form.errors)
            assert fields["kind"] in Question.Kind.values


def _texts(key: str) -> str:
    template = shipped.template(key)
    return " ".join(q.text.lower() for s in template.sections for q in s.questions)


def test_reflection_asks_every_item_of_seed_000():
    texts = _texts("internship_reflection")
    for item in (
        "отзыв о мероприятии дали педагоги или родители",
        "удовлетворены реализованным событием",
        "все ли цели и задачи были реализованы",
        "трудности возникли при самостоятельной работе в межвебинарный период",
        "полезной была оказанная тьюторская помощь",
        "эмоциональный отзыв об участии в цифровой интернатуре",
        "было ли полезным для вас участие",
        "использовать приобретённый опыт в своей работе",
    ):
        assert item in texts, item


def test_satisfaction_covers_the_internship_of_seed_002():
    texts = _texts("internship_satisfaction")
    template = shipped.template("internship_satisfaction")
    assert template.anonymous
    matrix = next(q for s in template.sections for q in s.questions if q.kind == "matrix")
    assert "Очные занятия (18 часов)" in matrix.rows
    assert "Самостоятельная работа через методический портал (36 часов)" in matrix.rows
    assert "Взаимоэкспертиза авторских продуктов" in matrix.rows
    assert "удовлетворены стажировкой" in texts


def test_audience_feedback_is_anonymous_by_a_public_link():
    template = shipped.template("audience_feedback")
    assert template.anonymous and template.public_link
    assert template.question_count <= 10  # a parent answers in two or three minutes
