"""Forms of the rubric editor: the rubric's title and thresholds, its criteria as a formset
(each with a descriptor per score), and the copy of a rubric into a network."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network

from ..models import Criterion, Rubric
from ..services.rubrics import CriterionDraft

# The editor offers a descriptor for each score from 0 to MAX_SCALE: rubrics score 0–3, 0–5,
# at most 0–10; a wider scale cannot be described level by level anyway.
MAX_SCALE = 10
LEVELS = range(MAX_SCALE + 1)


def level_name(score: int) -> str:
    return f"level_{score}"


class RubricForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommend_from = forms.IntegerField(
        label=_("«Recommended» from, per cent of the maximum"),
        min_value=0,
        max_value=100,
        initial=70,
    )
    revise_from = forms.IntegerField(
        label=_("«Recommended after revision» from, per cent of the maximum"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("Below it: «not recommended»."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        high, low = data.get("recommend_from"), data.get("revise_from")
        if high is not None and low is not None and low > high:
            self.add_error(
                "revise_from",
                _("«After revision» cannot start above «recommended» (%(high)s%%).")
                % {"high": high},
            )
        return data


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Criterion"), max_length=300)
    description = forms.CharField(
        label=_("What is examined"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    max_score = forms.IntegerField(
        label=_("Maximum score"),
        min_value=1,
        max_value=MAX_SCALE,
        initial=3,
        widget=forms.NumberInput(attrs={"data-max-score": ""}),
    )
    critical = forms.BooleanField(
        label=_("Critical criterion: a score below the pass score fails the work"),
        required=False,
    )
    pass_score = forms.IntegerField(label=_("Pass score"), min_value=0, initial=1)
    comment_below = forms.IntegerField(
        label=_("Reasoning required below"),
        min_value=0,
        required=False,
        help_text=_("Empty: reasoning is never required."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for score in LEVELS:
            self.fields[level_name(score)] = forms.CharField(
                label=_("Score %(score)s") % {"score": score},
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs={"data-level": score}),
            )

    def level_fields(self) -> list[forms.BoundField]:
        return [self[level_name(score)] for score in LEVELS]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("weight", "max_score", "pass_score", "comment_below")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        top = data.get("max_score")
        if top is None:
            return data
        passing, reasoning = data.get("pass_score"), data.get("comment_below")
        if passing is not None and passing > top:
            self.add_error(
                "pass_score",
                _("The pass score cannot exceed the maximum score (%(max)s).") % {"max": top},
            )
        if reasoning is not None and reasoning > top:
            self.add_error(
                "comment_below",
                _("Reasoning can be required only below a score up to the maximum (%(max)s).")
                % {"max": top},
            )
        for score in LEVELS:
            if score > top and data.get(level_name(score)):
                self.add_error(
                    level_name(score),
                    _(
                        "There is no score %(score)s: the maximum is %(max)s. Clear this "
                        "level or raise the maximum score."
                    )
                    % {"score": score, "max": top},
                )
        return data

    def draft(self) -> CriterionDraft:
        data = self.cleaned_data
        return CriterionDraft(
            title=data["title"].strip(),
            description=data.get("description", "").strip(),
            weight=data["weight"],
            max_score=data["max_score"],
            critical=bool(data.get("critical")),
            pass_score=data["pass_score"],
            comment_below=data.get("comment_below"),
            levels={
                score: data[level_name(score)].strip()
                for score in LEVELS
                if data.get(level_name(score), "").strip()
            },
        )


class BaseCriterionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Place in the list")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this criterion")

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.ordered_forms:
            raise forms.ValidationError(_("Add at least one criterion: a rubric needs one."))

    def drafts(self) -> list[CriterionDraft]:
        """The kept criteria in the order asked for."""
        return [cast(CriterionForm, form).draft() for form in self.ordered_forms]


CriterionFormSet = forms.formset_factory(
    CriterionForm,
    formset=BaseCriterionFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=50,
    absolute_max=50,
)


def _criterion_initial(criterion: Criterion, position: int) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": criterion.title,
        "description": criterion.description,
        "weight": criterion.weight,
        "max_score": criterion.max_score,
        "critical": criterion.critical,
        "pass_score": criterion.pass_score,
        "comment_below": criterion.comment_below,
        "ORDER": position,
    }
    for descriptor in criterion.descriptors.all():
        initial[level_name(descriptor.score)] = descriptor.text
    return initial


def criterion_formset(data: Any, criteria: list[Criterion]) -> BaseCriterionFormSet:
    """The rubric's criteria to edit: bound to ``data`` when posted, else filled from them."""
    initial = None
    if data is None:
        initial = [_criterion_initial(c, n) for n, c in enumerate(criteria, start=1)]
    return cast(BaseCriterionFormSet, CriterionFormSet(data, initial=initial, prefix="criteria"))


def rubric_initial(rubric: Rubric) -> dict[str, Any]:
    return {
        "title": rubric.title,
        "description": rubric.description,
        "recommend_from": rubric.recommend_from,
        "revise_from": rubric.revise_from,
    }


class RubricCopyForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title of the copy"), max_length=300)

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
