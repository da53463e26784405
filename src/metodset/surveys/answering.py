"""The form a person fills in: one field per question (per row of a matrix), checked on the server.

A missing required answer, a value outside its range or an option that does not exist is
refused with a message next to that question; everything else stays as the person left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import NO, YES, Question

Kind = Question.Kind
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000
YES_NO_VALUES = {"yes": YES, "no": NO}


def _number(value: Decimal | None) -> str:
    return "" if value is None else number_format(value.normalize(), use_l10n=True)


class LocalDecimalField(forms.DecimalField):
    """Accepts «3,5» as well as «3.5», and spaces between thousands."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


def _range_message(question: Question) -> str:
    lo, hi = question.number_min, question.number_max
    if lo is not None and hi is not None:
        return str(_("Enter a number from %(min)s to %(max)s.")) % {
            "min": _number(lo),
            "max": _number(hi),
        }
    if lo is not None:
        return str(_("Enter a number not less than %(min)s.")) % {"min": _number(lo)}
    if hi is not None:
        return str(_("Enter a number not greater than %(max)s.")) % {"max": _number(hi)}
    return str(_("Enter a number."))


def _scale_message(question: Question) -> str:
    return str(_("Choose a value from %(min)s to %(max)s.")) % {
        "min": question.scale_min,
        "max": question.scale_max,
    }


def _required() -> dict[str, Any]:
    return {"required": _("Please answer this question.")}


def field_name(question: Question, row: int | None = None) -> str:
    return f"q{question.pk}" if row is None else f"q{question.pk}_r{row}"


def _choice_field(question: Question, choices: list[tuple[str, str]], invalid: Any) -> forms.Field:
    return forms.ChoiceField(
        choices=choices,
        required=question.required,
        error_messages={**_required(), "invalid_choice": invalid},
    )


def _scale_choices(question: Question) -> list[tuple[str, str]]:
    return [(str(v), str(v)) for v in question.scale_values]


def _fields_for(question: Question) -> dict[str, forms.Field]:
    name = field_name(question)
    kind = question.kind
    options = [(str(i), label) for i, label in enumerate(question.options)]
    if kind == Kind.SINGLE:
        return {name: _choice_field(question, options, _("Choose one of the options offered."))}
    if kind == Kind.MULTIPLE:
        return {
            name: forms.MultipleChoiceField(
                choices=options,
                required=question.required,
                error_messages={
                    "required": _("Choose at least one option."),
                    "invalid_choice": _("Choose among the options offered."),
                },
            )
        }
    if kind == Kind.YES_NO:
        choices = [("yes", str(_("Yes"))), ("no", str(_("No")))]
        return {name: _choice_field(question, choices, _("Answer «yes» or «no»."))}
    if kind == Kind.SCALE:
        return {name: _choice_field(question, _scale_choices(question), _scale_message(question))}
    if kind == Kind.NUMBER:
        message = _range_message(question)
        return {
            name: LocalDecimalField(
                required=question.required,
                max_digits=14,
                decimal_places=4,
                min_value=question.number_min,
                max_value=question.number_max,
                error_messages={
                    **_required(),
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                    "max_digits": message,
                    "max_whole_digits": message,
                    "max_decimal_places": _("Enter at most four digits after the comma."),
                },
            )
        }
    if kind in Question.TEXT_KINDS:
        limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
        return {
            name: forms.CharField(
                required=question.required,
                max_length=limit,
                error_messages={
                    **_required(),
                    "max_length": _("The answer is too long: at most %(limit_value)s characters."),
                },
            )
        }
    if kind == Kind.MATRIX:
        invalid: Any
        if question.options:
            choices, invalid = options, _("Choose one of the columns offered.")
        else:
            choices, invalid = _scale_choices(question), _scale_message(question)
        return {
            field_name(question, row): forms.ChoiceField(
                choices=choices,
                required=question.required,
                error_messages={"required": _("Answer for this row."), "invalid_choice": invalid},
            )
            for row in range(len(question.rows))
        }
    raise ValueError(f"Unknown kind of question {kind!r}")


def _pairs(field: forms.Field) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in getattr(field, "choices", [])]


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class Row:
    label: str
    name: str
    choices: list[Choice]
    errors: list[str]


@dataclass
class Item:
    """One question ready for the template: its current value(s), choices and errors."""

    question: Question
    name: str
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def dom_id(self) -> str:
        return f"question-{self.question.pk}"


class AnswerForm(forms.Form):
    """All questions of a questionnaire; ``items`` feeds the template, ``values`` the service."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields.update(_fields_for(question))

    def _raw(self, name: str) -> Any:
        return self[name].value()

    def _choices(self, name: str, pairs: list[tuple[str, str]], current: Any) -> list[Choice]:
        selected = (
            {str(v) for v in current}
            if isinstance(current, list | tuple)
            else {str(current) if current is not None else ""}
        )
        return [
            Choice(value, label, value in selected, f"id_{name}_{i}")
            for i, (value, label) in enumerate(pairs)
        ]

    def items(self) -> dict[int, Item]:
        """Per question id: what to render."""
        found = {}
        for question in self.questions:
            name = field_name(question)
            item = Item(question=question, name=name)
            if question.kind == Kind.MATRIX:
                for row, label in enumerate(question.rows):
                    row_name = field_name(question, row)
                    bound = self[row_name]
                    item.rows.append(
                        Row(
                            label=label,
                            name=row_name,
                            choices=self._choices(row_name, _pairs(bound.field), bound.value()),
                            errors=[str(e) for e in bound.errors],
                        )
                    )
                if any(row.errors for row in item.rows):
                    item.errors = [str(_("Answer for each row of the table."))]
            else:
                bound = self[name]
                value = bound.value()
                item.errors = [str(e) for e in bound.errors]
                if isinstance(bound.field, forms.ChoiceField):
                    item.choices = self._choices(name, _pairs(bound.field), value)
                else:
                    item.value = "" if value is None else str(value)
            found[question.pk] = item
        return found

    def blocks(self, blocks: list[Any]) -> list[tuple[Any, list[Item]]]:
        """(section, items) for the template, in the order of ``selectors.blocks``."""
        items = self.items()
        return [(b.section, [items[q.pk] for q in b.questions]) for b in blocks if b.questions]

    def error_count(self) -> int:
        return sum(1 for item in self.items().values() if item.invalid)

    def values(self) -> list[dict[str, Any]]:
        """The cleaned answers as ``Answer`` fields; nothing for an unanswered question."""
        data = self.cleaned_data
        values: list[dict[str, Any]] = []
        for question in self.questions:
            name = field_name(question)
            kind = question.kind
            if kind == Kind.MATRIX:
                for row in range(len(question.rows)):
                    raw = data.get(field_name(question, row))
                    if raw in (None, ""):
                        continue
                    if question.options:
                        values.append(
                            {"question": question, "row_index": row, "choice_index": int(raw)}
                        )
                    else:
                        values.append(
                            {"question": question, "row_index": row, "number": Decimal(raw)}
                        )
                continue
            raw = data.get(name)
            if raw in (None, "", []):
                continue
            if kind == Kind.SINGLE:
                values.append({"question": question, "choice_index": int(raw)})
            elif kind == Kind.MULTIPLE:
                values.extend(
                    {"question": question, "choice_index": int(v)}
                    for v in sorted(set(raw), key=int)
                )
            elif kind == Kind.YES_NO:
                values.append({"question": question, "choice_index": YES_NO_VALUES[raw]})
            elif kind == Kind.SCALE:
                values.append({"question": question, "number": Decimal(raw)})
            elif kind == Kind.NUMBER:
                values.append({"question": question, "number": raw})
            else:
                values.append({"question": question, "text": raw.strip()})
        return values
