"""Forms of the frameworks pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads
from metodset.diagnostics.frameworks.data import FrameworkData, FrameworkError, from_xlsx, from_yaml

if TYPE_CHECKING:
    from metodset.accounts.models import Network

MAX_BYTES = 2 * 1024 * 1024


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("YAML or XLSX in the layout of the export. The same code makes a new version."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
    )
    network: forms.ModelChoiceField[Network] = forms.ModelChoiceField(
        label=_("For the network"),
        queryset=None,
        required=False,
        empty_label=_("— the whole platform —"),
    )

    def __init__(self, *args: Any, networks: Any, allow_platform: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = networks
        self.fields["network"].required = not allow_platform
        if not allow_platform:
            cast(forms.ModelChoiceField, self.fields["network"]).empty_label = None
        self.data_parsed: FrameworkData | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.size_check(upload, limit=MAX_BYTES)
        name = upload.name.lower()
        content = upload.read()
        try:
            if name.endswith((".yaml", ".yml")):
                self.data_parsed = from_yaml(content)
            elif name.endswith(".xlsx"):
                self.data_parsed = from_xlsx(content)
            else:
                raise forms.ValidationError(_("Upload a .yaml or .xlsx file."))
        except FrameworkError as exc:
            raise forms.ValidationError(exc.errors) from exc
        return upload
