"""Small factories of questionnaires, questions and responses: real rows, nothing mocked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from metodset.surveys.models import (
    NO,
    YES,
    Answer,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
)

Kind = Question.Kind


def questionnaire(*, by, status: str = Questionnaire.Status.OPEN, **fields) -> Questionnaire:
    fields.setdefault("title", "Рефлексия участника интернатуры")
    return Questionnaire.objects.create(created_by=by, status=status, **fields)


def section(q: Questionnaire, title: str = "Проведённое событие", order: int = 1) -> Section:
    return Section.objects.create(questionnaire=q, title=title, order=order)


def question(q: Questionnaire, kind: str, text: str = "", **fields) -> Question:
    fields.setdefault("order", q.questions.count() + 1)
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        fields.setdefault("options", ["Да, все", "Большая часть", "Меньшая часть"])
    if kind == Kind.SCALE or (kind == Kind.MATRIX and not fields.get("options")):
        fields.setdefault("scale_min", 1)
        fields.setdefault("scale_max", 5)
    if kind == Kind.MATRIX:
        fields.setdefault("rows", ["Проектировать события", "Анализировать продукт"])
    return Question.objects.create(
        questionnaire=q, kind=kind, text=text or f"Вопрос: {kind}", **fields
    )


def all_kinds(q: Questionnaire) -> dict[str, Question]:
    """One question of every kind, in a fixed order; the number asks for 0–100."""
    return {
        "single": question(q, Kind.SINGLE, "Все ли цели были реализованы?"),
        "multiple": question(
            q,
            Kind.MULTIPLE,
            "Какие трудности возникли?",
            options=["Не хватало времени", "Техника", "Команда"],
        ),
        "scale": question(
            q,
            Kind.SCALE,
            "Насколько вы удовлетворены событием?",
            scale_min_label="совсем нет",
            scale_max_label="полностью",
        ),
        "yes_no": question(q, Kind.YES_NO, "Обращались ли вы к тьютору?"),
        "short_text": question(q, Kind.SHORT_TEXT, "Тема следующей встречи", required=False),
        "long_text": question(q, Kind.LONG_TEXT, "Ваш отзыв об интернатуре", required=False),
        "number": question(
            q,
            Kind.NUMBER,
            "Сколько коллег вы познакомите с опытом?",
            number_min=Decimal(0),
            number_max=Decimal(100),
        ),
        "matrix": question(q, Kind.MATRIX, "Насколько интернатура помогла вам?"),
    }


def respond(
    q: Questionnaire,
    values: dict[Question, Any],
    *,
    user=None,
    invitation: Invitation | None = None,
    channel: str = Response.Channel.INVITED,
    submitted_at=None,
) -> Response:
    """A response with answers: index, [indexes], number, bool, text or a list per matrix row."""
    response = Response.objects.create(
        questionnaire=q,
        user=user,
        invitation=invitation,
        channel=channel,
        submitted_at=submitted_at or timezone.now(),
    )
    answers = []
    for question_, value in values.items():
        kind = question_.kind
        if kind == Kind.MATRIX:
            for row, cell in enumerate(value):
                if question_.options:
                    answers.append(
                        Answer(
                            response=response, question=question_, row_index=row, choice_index=cell
                        )
                    )
                else:
                    answers.append(
                        Answer(
                            response=response,
                            question=question_,
                            row_index=row,
                            number=Decimal(cell),
                        )
                    )
        elif kind == Kind.MULTIPLE:
            answers += [
                Answer(response=response, question=question_, choice_index=i) for i in value
            ]
        elif kind == Kind.SINGLE:
            answers.append(Answer(response=response, question=question_, choice_index=value))
        elif kind == Kind.YES_NO:
            answers.append(
                Answer(response=response, question=question_, choice_index=YES if value else NO)
            )
        elif kind in (Kind.SCALE, Kind.NUMBER):
            answers.append(Answer(response=response, question=question_, number=Decimal(value)))
        else:
            answers.append(Answer(response=response, question=question_, text=value))
    Answer.objects.bulk_create(answers)
    if invitation is not None and invitation.answered_at is None:
        invitation.answered_at = response.submitted_at
        invitation.save(update_fields=["answered_at"])
    return response


def invite(q: Questionnaire, *people) -> list[Invitation]:
    return [Invitation.objects.create(questionnaire=q, user=p) for p in people]
