"""Writes of the questionnaire builder: questionnaires, sections, questions, their status.

Once a questionnaire has responses, a change that would break them (deleting a question or
an option, changing a question's kind or scale) is refused with a message the person reads;
wording may always be corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from metodset.accounts.models import Network, Organization, User

from . import shipped
from .models import Question, Questionnaire, Section

QUESTIONNAIRE_FIELDS = frozenset(
    {
        "title",
        "intro",
        "thanks",
        "organization",
        "network",
        "anonymous",
        "opens_at",
        "closes_at",
        "public_link_enabled",
        "public_hourly_limit",
        "remind_at",
    }
)
QUESTION_FIELDS = frozenset(
    {
        "section",
        "kind",
        "text",
        "help_text",
        "required",
        "options",
        "rows",
        "scale_min",
        "scale_max",
        "scale_min_label",
        "scale_max_label",
        "number_min",
        "number_max",
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Fields that may not be changed here: {', '.join(sorted(unknown))}")


def has_responses(questionnaire: Questionnaire) -> bool:
    return questionnaire.responses.exists()


# --- questionnaires ------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    by: User,
    title: str,
    organization: Organization | None = None,
    network: Network | None = None,
    **fields: Any,
) -> Questionnaire:
    """A new draft questionnaire without questions."""
    _check_fields(fields, QUESTIONNAIRE_FIELDS)
    return Questionnaire.objects.create(
        title=title.strip(),
        organization=organization,
        network=network,
        created_by=by,
        **fields,
    )


@transaction.atomic
def questionnaire_from_template(
    *,
    key: str,
    by: User,
    organization: Organization | None = None,
    network: Network | None = None,
) -> Questionnaire:
    """Copy a shipped questionnaire into a new draft owned by ``by``."""
    template = shipped.template(key)
    if template is None:
        raise ValueError(f"No questionnaire template {key!r}")
    questionnaire = Questionnaire.objects.create(
        title=template.title,
        intro=template.intro,
        thanks=template.thanks,
        organization=organization,
        network=network,
        created_by=by,
        anonymous=template.anonymous,
        public_link_enabled=template.public_link,
        template_key=template.key,
    )
    questions = []
    order = 0
    for section_order, t_section in enumerate(template.sections, start=1):
        section = None
        if t_section.title:
            section = Section.objects.create(
                questionnaire=questionnaire,
                title=t_section.title,
                description=t_section.description,
                order=section_order,
            )
        for t_question in t_section.questions:
            order += 1
            questions.append(
                Question(
                    questionnaire=questionnaire, section=section, order=order, **t_question.fields()
                )
            )
    Question.objects.bulk_create(questions)
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    """Change the settings; anonymity is fixed once someone has answered."""
    _check_fields(fields, QUESTIONNAIRE_FIELDS)
    if (
        "anonymous" in fields
        and fields["anonymous"] != questionnaire.anonymous
        and has_responses(questionnaire)
    ):
        raise ValidationError(
            {
                "anonymous": _(
                    "People have already answered on these terms: anonymity cannot be changed "
                    "now. Make a copy of the questionnaire with the other setting instead."
                )
            }
        )
    if "remind_at" in fields and fields["remind_at"] != questionnaire.remind_at:
        questionnaire.remind_sent_at = None  # a new time: the reminder is due again
    for name, value in fields.items():
        setattr(questionnaire, name, value)
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_open(*, questionnaire: Questionnaire) -> Questionnaire:
    """Start accepting answers (within the dates, if set)."""
    if not questionnaire.questions.exists():
        raise ValidationError(_("Add at least one question before opening the questionnaire."))
    questionnaire.status = Questionnaire.Status.OPEN
    questionnaire.save(update_fields=["status", "updated_at"])
    return questionnaire


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire) -> Questionnaire:
    questionnaire.status = Questionnaire.Status.CLOSED
    questionnaire.save(update_fields=["status", "updated_at"])
    return questionnaire


@transaction.atomic
def questionnaire_delete(*, questionnaire: Questionnaire) -> None:
    """Delete the questionnaire with its responses and export files."""
    for export in questionnaire.exports.exclude(file=""):
        export.file.delete(save=False)
    questionnaire.delete()


# --- sections --------------------------------------------------------------------------------


def _next_order(queryset: Any) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def section_create(*, questionnaire: Questionnaire, title: str, description: str = "") -> Section:
    return Section.objects.create(
        questionnaire=questionnaire,
        title=title.strip(),
        description=description.strip(),
        order=_next_order(questionnaire.sections.all()),
    )


@transaction.atomic
def section_update(*, section: Section, title: str, description: str = "") -> Section:
    section.title = title.strip()
    section.description = description.strip()
    section.save(update_fields=["title", "description"])
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Delete the heading; its questions stay, above the other sections."""
    section.delete()


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    siblings = list(section.questionnaire.sections.order_by("order", "pk"))
    _swap(siblings, section, direction)


def _swap(items: list[Any], item: Any, direction: str) -> None:
    """Move ``item`` one place up or down among ``items`` and renumber them 1..n."""
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    changed = []
    for order, x in enumerate(items, start=1):
        if x.order != order:
            x.order = order
            changed.append(x)
    type(item).objects.bulk_update(changed, ["order"])


# --- questions ----------------------------------------------------------------------------------


@transaction.atomic
def question_create(*, questionnaire: Questionnaire, **fields: Any) -> Question:
    """Add a question at the end of its section."""
    _check_fields(fields, QUESTION_FIELDS)
    return Question.objects.create(
        questionnaire=questionnaire,
        order=_next_order(questionnaire.questions.all()),
        **fields,
    )


def _breaking_changes(question: Question, fields: dict[str, Any]) -> dict[str, str]:
    """What in ``fields`` would make the stored answers mean something else."""
    errors: dict[str, str] = {}
    kind = fields.get("kind", question.kind)
    if kind != question.kind:
        errors["kind"] = _(
            "People have already answered: the kind of a question cannot be changed now. "
            "Add a new question instead."
        )
        return errors
    old_scale = (question.scale_min, question.scale_max)
    new_scale = (
        fields.get("scale_min", question.scale_min),
        fields.get("scale_max", question.scale_max),
    )
    old_options, new_options = question.options, fields.get("options", question.options)
    if question.kind == Question.Kind.MATRIX and bool(old_options) != bool(new_options):
        errors["matrix_columns"] = _(
            "People have already answered: the matrix cannot switch between a scale and "
            "a list of columns now."
        )
    elif question.uses_scale and new_scale != old_scale:
        errors["scale"] = _(
            "People have already answered: the scale cannot be changed now, or the answers "
            "given on the old scale would mean something else."
        )
    if len(new_options) < len(old_options):
        errors["options"] = _(
            "People have already answered: options cannot be deleted now. You may correct "
            "their wording or add new options at the end of the list."
        )
    if len(fields.get("rows", question.rows)) < len(question.rows):
        errors["rows"] = _(
            "People have already answered: matrix rows cannot be deleted now. You may "
            "correct their wording or add new rows at the end."
        )
    return errors


@transaction.atomic
def question_update(*, question: Question, **fields: Any) -> Question:
    """Change a question; once answered, only wording and additions are allowed."""
    _check_fields(fields, QUESTION_FIELDS)
    if has_responses(question.questionnaire):
        errors = _breaking_changes(question, fields)
        if errors:
            raise ValidationError(errors)
    if "section" in fields and fields["section"] != question.section:
        question.order = _next_order(question.questionnaire.questions.all())
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    if has_responses(question.questionnaire):
        raise ValidationError(
            _(
                "People have already answered this questionnaire: deleting a question would "
                "lose their answers. You may correct its wording or make it optional."
            )
        )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    """Move one place up or down among the questions of the same section."""
    same_section = (
        {"section_id": question.section_id} if question.section_id else {"section__isnull": True}
    )
    siblings = list(
        Question.objects.filter(
            questionnaire_id=question.questionnaire_id, **same_section
        ).order_by("order", "pk")
    )
    _swap(siblings, question, direction)


# --- questionnaires generated by other apps -----------------------------------------------------


@dataclass(frozen=True)
class SectionInput:
    """A section of a generated questionnaire."""

    title: str
    order: int


@dataclass(frozen=True)
class QuestionInput:
    """A question of a generated questionnaire; ``section`` is an index into its sections."""

    section: int
    kind: str
    text: str
    rows: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    required: bool = True


@transaction.atomic
def questionnaire_generate(
    *,
    by: User | None,
    title: str,
    intro: str,
    sections: Sequence[SectionInput],
    questions: Sequence[QuestionInput],
    organization_id: int | None = None,
    network_id: int | None = None,
    anonymous: bool = False,
    status: str = Questionnaire.Status.DRAFT,
    closes_at: dt.datetime | None = None,
    remind_at: dt.datetime | None = None,
    template_key: str = "",
) -> tuple[Questionnaire, list[Question]]:
    """A questionnaire made whole by another app (diagnostics' self-assessment): its sections,
    then its questions numbered in the order given; returns the questions in that order."""
    questionnaire = Questionnaire.objects.create(
        title=title,
        intro=intro,
        organization_id=organization_id,
        network_id=network_id,
        created_by=by,
        anonymous=anonymous,
        status=status,
        closes_at=closes_at,
        remind_at=remind_at,
        template_key=template_key,
    )
    made = [
        Section.objects.create(questionnaire=questionnaire, title=s.title, order=s.order)
        for s in sections
    ]
    created = [
        Question.objects.create(
            questionnaire=questionnaire,
            section=made[q.section],
            order=order,
            kind=q.kind,
            text=q.text,
            rows=list(q.rows),
            options=list(q.options),
            required=q.required,
        )
        for order, q in enumerate(questions)
    ]
    return questionnaire, created


@transaction.atomic
def questionnaire_reopen(*, questionnaire: Questionnaire) -> Questionnaire:
    """Accept answers again (a generated questionnaire whose owner reopens it)."""
    questionnaire.status = Questionnaire.Status.OPEN
    questionnaire.save(update_fields=["status", "updated_at"])
    return questionnaire


@transaction.atomic
def questionnaires_close(*, pks: Iterable[int]) -> int:
    """Stop accepting answers to these questionnaires (their owner's campaign ended)."""
    return Questionnaire.objects.filter(pk__in=list(pks)).update(status=Questionnaire.Status.CLOSED)
