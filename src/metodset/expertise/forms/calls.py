"""An author hands her work in to an open campaign, in one step or through a draft."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads


class EntryForm(forms.Form):
    """The one-step entry: everything the rules ask, handed in at once."""

    title = forms.CharField(label=_("Title of the work"), max_length=300)
    annotation = forms.CharField(
        label=_("Annotation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the work is, for which class and subject, what is new in it."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("The work (file)"), required=False)
    url = forms.URLField(
        label=_("Or a link to it"), required=False, max_length=500, assume_scheme="https"
    )
    consent = forms.BooleanField(
        label=_("I agree that the work is examined under the campaign's rules."),
        required=True,
        error_messages={"required": _("The work can't be handed in without consent to the rules.")},
    )

    # The work is a file, a link or a text; a draft may hold its file already.
    has_file = False
    work_required = True

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            uploads.material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        work = self.has_file or data.get("file") or data.get("url") or data.get("text")
        if self.work_required and not work:
            self.add_error("file", _("Attach a file, give a link or write the text."))
        return data


class DraftForm(EntryForm):
    """A draft keeps whatever is typed: only a title is needed to find it again, and what is
    typed must still be valid (a link is a link, a file of a kind the platform takes)."""

    work_required = False

    def __init__(self, *args: Any, has_file: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["annotation"].required = False
        self.fields["consent"].required = False
        if has_file:
            self.fields["file"].help_text = _("A file is attached; choose another to replace it.")


class DraftSubmitForm(DraftForm):
    """«Передать на экспертизу» from the draft's page: the rules of the one-step entry, with
    the file the draft already holds counting as the work."""

    work_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annotation"].required = True
        self.fields["consent"].required = True
