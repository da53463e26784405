"""Forms of the cohort's shared space: a post of the feed, a shared video's note and the
coordinators' feedback."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads
from metodset.core.fields import IdField

from ..services.cohort import TEXT_MAX


class CohortPostForm(forms.Form):
    """A material or a link for the whole cohort."""

    text = forms.CharField(
        label=_("What you share"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("At most %(limit_value)d characters, please.")},
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Give a full web address, e.g. https://disk.yandex.ru/…")},
    )
    file = forms.FileField(label=_("File"), required=False)

    use_required_attribute = False

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            uploads.material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and not (data.get("text") or data.get("url") or data.get("file")):
            raise forms.ValidationError(_("Write something, give a link or attach a file."))
        return data


class VideoShareForm(forms.Form):
    """A word to the cohort about the shared video (optional)."""

    text = forms.CharField(
        label=_("A few words to the cohort"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackForm(forms.Form):
    """A coordinator's feedback to one team or to one intern."""

    team = IdField(required=False, widget=forms.HiddenInput)
    intern = IdField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Feedback"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the feedback.")},
    )

    use_required_attribute = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors and (data.get("team") is None) == (data.get("intern") is None):
            raise forms.ValidationError(_("Choose a team or an intern."))
        return data
