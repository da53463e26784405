"""Forms of live presentation sessions: creating one, its time regulation, a question."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.events.models import Event

from ..models import (
    Program,
    Stage,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _minutes_field(
    label: StrOrPromise,
    *,
    lowest: Decimal,
    required: bool = True,
    help_text: StrOrPromise = "",
) -> forms.DecimalField:
    """Minutes in halves: 3, 2.5, 0 (no questions)."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=lowest,
        max_value=Decimal(60),
        max_digits=4,
        decimal_places=1,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )


class _StageField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stage) -> str:  # type: ignore[override]
        """«Второй этап — 3 + 2 мин»: the regulation beside the stages that have one."""
        if not obj.talk_minutes:
            return obj.title
        return _("%(title)s — %(talk)s + %(questions)s min") % {
            "title": obj.title,
            "talk": obj.talk_minutes,
            "questions": obj.questions_minutes or 0,
        }


class SessionCreateForm(forms.Form):
    stage = _StageField(label=gettext_lazy("Stage"), queryset=Stage.objects.none())
    event = forms.ModelChoiceField(
        label=gettext_lazy("Event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=gettext_lazy("— not tied to an event —"),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Leave empty to use the event's or the stage's title."),
    )
    talk_minutes = _minutes_field(
        gettext_lazy("Minutes per talk"),
        lowest=Decimal("0.5"),
        required=False,
        help_text=gettext_lazy("Leave empty to use the stage's regulation (3 minutes if none)."),
    )
    questions_minutes = _minutes_field(
        gettext_lazy("Minutes of questions"),
        lowest=Decimal(0),
        required=False,
        help_text=gettext_lazy("0 — no questions after the talk. Empty — the stage's regulation."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = program.stages.order_by("order", "pk")
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ModelChoiceField)
        stage_field.queryset = stages
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ModelChoiceField)
        event_field.queryset = (
            Event.objects.filter(program_stages__program=program).distinct().order_by("starts_at")
        )
        regulated = next((s for s in stages if s.talk_minutes), None)
        if regulated is not None:
            stage_field.initial = regulated.pk


class RegulationForm(forms.Form):
    talk_minutes = _minutes_field(gettext_lazy("Talk, minutes"), lowest=Decimal("0.5"))
    questions_minutes = _minutes_field(gettext_lazy("Questions, minutes"), lowest=Decimal(0))


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your question to the presenting team"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
