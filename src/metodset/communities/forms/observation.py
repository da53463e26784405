"""Forms of the observation protocol and of the lesson's analysis."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import CaseChild, Lesson, MapStage
from ..selectors.observation import ANALYSIS_LABELS


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


# A lesson of a kindergarten lasts 20–30 minutes, a school lesson 45; a double one 90.
MAX_MINUTE = 240


class EntryForm(forms.Form):
    """What a case child did and said at a stage, with the minute of the lesson."""

    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=MapStage.objects.none(),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        empty_label=None,
    )
    minute = forms.IntegerField(
        label=pgettext_lazy("observation", "Minute"),
        min_value=0,
        max_value=MAX_MINUTE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=_("What the child did and said"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, lesson: Lesson, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "stage").queryset = MapStage.objects.filter(
            version_id=lesson.version_id
        ).order_by("order")


class NewEntryForm(EntryForm):
    """A new entry: the case child, and the key the phone made so that a resent entry is
    stored once."""

    case_child = forms.ModelChoiceField(queryset=CaseChild.objects.none(), widget=forms.HiddenInput)
    client_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: Any, lesson: Lesson, **kwargs: Any) -> None:
        super().__init__(*args, lesson=lesson, **kwargs)
        _choices(self, "case_child").queryset = CaseChild.objects.filter(cycle_id=lesson.cycle_id)


class ChildChoiceForm(forms.Form):
    """Which case child the observer follows now (from the page's address)."""

    child = forms.ModelChoiceField(queryset=CaseChild.objects.none(), required=False)

    def __init__(self, *args: Any, lesson: Lesson, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "child").queryset = CaseChild.objects.filter(cycle_id=lesson.cycle_id)


class NotesForm(forms.Form):
    case_child = forms.ModelChoiceField(queryset=CaseChild.objects.none(), widget=forms.HiddenInput)
    notes = forms.CharField(
        label=pgettext_lazy("observation", "Free notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, lesson: Lesson, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "case_child").queryset = CaseChild.objects.filter(cycle_id=lesson.cycle_id)


class AnalysisForm(forms.ModelForm):
    """The discussion after the lesson, in the order the group holds it."""

    class Meta:
        model = Lesson
        fields = ["on_children", "on_group", "on_teaching", "conclusions", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        labels = ANALYSIS_LABELS
