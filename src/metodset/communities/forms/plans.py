"""Forms of the methodical plan: a plan for a school year, a topic, the three questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from metodset.diagnostics.models import Competency

from ..matching import SCHOOL_MONTHS
from ..models import MethodicalPlan, PlanTopic


def school_year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


class PlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)

    def __init__(self, *args: Any, current_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(current_year - 2, current_year + 3)
        self.fields["year"].choices = [(y, school_year_label(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = current_year


class TopicForm(forms.ModelForm):
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, MONTHS[m]) for m in SCHOOL_MONTHS]
    )
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies it develops"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PlanTopic
        fields = ["month", "title", "form", "responsible", "competencies"]
        labels = {"title": _("Topic"), "form": _("Form"), "responsible": _("Responsible")}
        help_texts = {"form": _("Seminar, master class, workshop…")}

    def __init__(self, *args: Any, competencies: QuerySet[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competencies"]
        field.queryset = competencies  # type: ignore[attr-defined]
        self.choices_by_area = _by_area(list(competencies))

    def grouped(self) -> list[tuple[str, list[tuple[Competency, bool]]]]:
        """[(area, [(competency, checked)])] for the checkboxes grouped by area."""
        value = self["competencies"].value() or []
        chosen = {str(v) for v in value}
        return [
            (area, [(c, str(c.pk) in chosen) for c in items])
            for area, items in self.choices_by_area
        ]


def _by_area(competencies: list[Competency]) -> list[tuple[str, list[Competency]]]:
    """Consecutive competencies of one area together; the area is named with its framework
    when there are several frameworks (e.g. a version since replaced)."""
    several = len({c.framework_id for c in competencies}) > 1
    groups: list[tuple[tuple[int, int], str, list[Competency]]] = []
    for competency in competencies:
        key = (competency.framework_id, competency.area_id)
        if not groups or groups[-1][0] != key:
            area = competency.area.title
            label = f"{competency.framework}: {area}" if several else area
            groups.append((key, label, []))
        groups[-1][2].append(competency)
    return [(label, items) for _, label, items in groups]


class QuestionsForm(forms.ModelForm):
    class Meta:
        model = MethodicalPlan
        fields = ["what_we_did", "what_worked", "what_else"]
        widgets = {
            "what_we_did": forms.Textarea(attrs={"rows": 3}),
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_else": forms.Textarea(attrs={"rows": 3}),
        }


THRESHOLDS = (10, 20, 30, 40, 50)


class ThresholdForm(forms.Form):
    """From what share of the assessed teachers a deficit is a trend of the organisation: in a
    kindergarten of ten teachers 30 % is three people, in a school of eighty it is twenty-four,
    so the methodist chooses."""

    threshold = forms.TypedChoiceField(
        label=_("A trend: a deficit of at least"),
        choices=[(str(t), f"{t} %") for t in THRESHOLDS],
        coerce=int,
        initial="30",
        required=False,
    )

    def share(self) -> float:
        """The chosen share (0.3 when none is given); call after ``is_valid``."""
        return (self.cleaned_data.get("threshold") or 30) / 100
