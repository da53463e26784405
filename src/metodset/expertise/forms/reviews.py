"""Forms of the expert's and the author's side: the review on its rubric, the decline, a bid,
and a revised version of an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads

from ..models import Bid, Criterion, Item, ReviewScore
from ..services.reviews import Scores, comment_field, score_field


class ReviewForm(forms.Form):
    """The rubric's criteria as radio choices of their levels, each with its reasoning, then
    strengths, shortcomings, recommendations and the verdict. Nothing is required here: a
    draft keeps anything; the submission's checks come from the service, per field."""

    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shortcomings = forms.CharField(
        label=_("Shortcomings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        required=False,
        choices=Item.Verdict.choices,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        criteria: list[Criterion],
        saved: dict[int, ReviewScore] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        saved = saved or {}
        for criterion in criteria:
            levels = {d.score: d.text for d in criterion.descriptors.all()}
            choices = [
                (str(s), f"{s} — {levels[s]}" if s in levels else str(s))
                for s in range(criterion.max_score + 1)
            ]
            score = saved.get(criterion.pk)
            self.fields[score_field(criterion.pk)] = forms.TypedChoiceField(
                label=criterion.title,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(score.score) if score else None,
            )
            self.fields[comment_field(criterion.pk)] = forms.CharField(
                label=_("Reasoning"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )

    def rows(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        return [(c, self[score_field(c.pk)], self[comment_field(c.pk)]) for c in self.criteria]

    def scores(self) -> Scores:
        data = self.cleaned_data
        return {
            c.pk: (data.get(score_field(c.pk)), data.get(comment_field(c.pk)) or "")
            for c in self.criteria
        }

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(None if name not in self.fields else name, message)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you decline.")},
    )
    conflict = forms.BooleanField(
        label=_("It is a conflict of interest (my own work, my colleague's or my organisation's)"),
        required=False,
    )


class BidForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Your wish"),
        choices=[("", _("— no wish —")), *Bid.Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class ReviseForm(forms.Form):
    """The next version of an item: a text, a link or a file, and what was changed."""

    note = forms.CharField(
        label=_("What was changed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what you changed after the conclusions.")},
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload:
            uploads.material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("text") or data.get("url") or data.get("file")):
            raise forms.ValidationError(_("Give the revised text, a link or a file."))
        return data
