"""A person's answers in their data export, and what is erased when they are deleted (152-ФЗ)."""

from __future__ import annotations

from typing import Any

from metodset.accounts.models import User

from .models import Answer, Response


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Named answers of the person (anonymous ones are linked to nobody, so not included)."""
    responses = (
        Response.objects.filter(user=person)
        .select_related("questionnaire")
        .order_by("submitted_at", "pk")
    )
    answers: dict[int, list[Answer]] = {}
    for answer in (
        Answer.objects.filter(response__user=person)
        .select_related("question")
        .order_by("question__order", "row_index", "choice_index")
    ):
        answers.setdefault(answer.response_id, []).append(answer)
    data = []
    for response in responses:
        items = []
        for answer in answers.get(response.pk, []):
            question = answer.question
            value: Any = answer.text
            if answer.choice_index is not None:
                labels = question.choice_labels
                value = labels[answer.choice_index] if answer.choice_index < len(labels) else ""
            elif answer.number is not None:
                value = str(answer.number.normalize())
            row = question.rows[answer.row_index] if answer.row_index is not None else None
            items.append({"question": question.text, "row": row, "answer": value})
        data.append(
            {
                "questionnaire": response.questionnaire.title,
                "submitted_at": response.submitted_at.isoformat(),
                "answers": items,
            }
        )
    return ("questionnaires", data)


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """The answers stay for the statistics, unlinked from the person, like anonymous ones."""
    Response.objects.filter(user_id=person_id).update(user=None, invitation=None)
