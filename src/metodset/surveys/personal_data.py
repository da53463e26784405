"""A person's answers in their data export, and what is erased when they are deleted (152-ФЗ)."""

from __future__ import annotations

import re
from typing import Any

from metodset.accounts.models import User

from .answering import YES_NO_VALUES
from .models import Answer, Draft, Question, Response

FIELD = re.compile(r"^q(?P<question>\d+)(?:_r(?P<row>\d+))?$")


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Named answers of the person (anonymous ones are linked to nobody, so not included), and
    answers she saved in a draft but has not sent."""
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
    data.extend(_drafts(person))
    return ("questionnaires", data)


def _draft_value(question: Question, raw: str) -> str:
    """A draft's raw form value as the person saw it: an option's label rather than its index."""
    if question.kind == Question.Kind.YES_NO and raw in YES_NO_VALUES:
        return question.choice_labels[YES_NO_VALUES[raw]]
    labels = question.choice_labels
    if question.options and raw.isdigit() and int(raw) < len(labels):
        return labels[int(raw)]
    return raw


def _drafts(person: User) -> list[dict[str, Any]]:
    """Answers saved but not sent yet (a draft is the person's whatever the questionnaire)."""
    drafts = list(
        Draft.objects.filter(invitation__user=person)
        .select_related("questionnaire")
        .order_by("updated_at", "pk")
    )
    questions = Question.objects.in_bulk(
        {
            int(match["question"])
            for draft in drafts
            for name in draft.data
            if (match := FIELD.match(name))
        }
    )
    out = []
    for draft in drafts:
        items = []
        for name, values in draft.data.items():
            match = FIELD.match(name)
            question = questions.get(int(match["question"])) if match else None
            if question is None or not any(values):
                continue
            row = int(match["row"]) if match and match["row"] is not None else None
            items.append(
                {
                    "question": question.text,
                    "row": question.rows[row]
                    if row is not None and row < len(question.rows)
                    else None,
                    "answer": "; ".join(_draft_value(question, v) for v in values if v),
                }
            )
        out.append(
            {
                "questionnaire": draft.questionnaire.title,
                "draft_saved_at": draft.updated_at.isoformat(),
                "answers": items,
            }
        )
    return out


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """The answers stay for the statistics, unlinked from the person, like anonymous ones;
    answers saved but never sent are nobody's statistics and go."""
    Response.objects.filter(user_id=person_id).update(user=None, invitation=None)
    Draft.objects.filter(invitation__user_id=person_id).delete()
