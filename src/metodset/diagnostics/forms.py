"""Forms shared by the sub-capabilities of diagnostics: the upload of a spreadsheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads
from metodset.diagnostics.importing import MAX_IMPORT_BYTES


class SpreadsheetForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.size_check(upload, limit=MAX_IMPORT_BYTES)
        if uploads.extension(upload) not in ("xlsx", "csv"):
            raise ValidationError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))
        if uploads.extension(upload) == "xlsx" and not uploads.head(upload).startswith(b"PK"):
            raise ValidationError(_("The file is not a valid XLSX workbook."))
        return upload
