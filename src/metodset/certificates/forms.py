"""Forms of the certificates pages: issuer's details, signatories, templates, issue, registry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads
from metodset.core.fields import IdField
from metodset.core.widgets import ProtectedFileInput

from . import rendering, services
from .models import Certificate, CertificateTemplate, Issuer, Kind, Signatory
from .selectors import RegistryFilters

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}


def check_image(upload: UploadedFile | None) -> UploadedFile | None:
    """A PNG or JPEG up to 2 MB, really an image (Pillow opens it)."""
    if not upload or not isinstance(upload, UploadedFile):
        return upload
    uploads.size_check(upload, limit=IMAGE_MAX_BYTES)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise forms.ValidationError(_("This file is not a PNG or JPEG image.")) from exc
    if fmt not in IMAGE_FORMATS:
        raise forms.ValidationError(_("Upload a PNG or JPEG image."))
    upload.seek(0)
    return upload


class IssuerForm(forms.ModelForm):
    class Meta:
        model = Issuer
        fields = ["name", "city", "logo", "number_pattern", "license_number", "license_issued_on"]
        widgets = {
            "license_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "logo": ProtectedFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def clean_logo(self) -> Any:
        return check_image(self.cleaned_data.get("logo"))

    def clean_number_pattern(self) -> str:
        pattern = self.cleaned_data["number_pattern"].strip()
        try:
            return services.check_number_pattern(pattern)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["full_name", "position", "facsimile", "order"]
        widgets = {"facsimile": ProtectedFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_facsimile(self) -> Any:
        return check_image(self.cleaned_data.get("facsimile"))


class TemplateForm(forms.ModelForm):
    """The wording an organiser edits; the Typst design below it for those who know Typst."""

    class Meta:
        model = CertificateTemplate
        fields = ["name", "heading", "subheading", "lead", "body", "source", "is_active"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(
                attrs={"rows": 18, "class": "font-monospace small", "spellcheck": "false"}
            ),
        }
        help_texts = {
            "body": _(
                "Placeholders: {name} full name, {name_dative} full name in the dative, "
                "{title} programme or event, {hours} hours, {dates} dates, {issuer} issuer, "
                "{passed} and {took_part} in the recipient's gender. A blank line starts a "
                "new paragraph."
            ),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        values = {key: "" for key in rendering.PLACEHOLDERS}
        for field in ("lead", "body"):
            try:
                rendering.fill_placeholders(data.get(field, ""), values)
            except rendering.TemplateError as exc:
                self.add_error(field, str(exc))
        if self.errors:
            return data
        try:
            services.template_preview(
                template=self.instance,
                source=data["source"],
                fmt="pdf",
                heading=data["heading"],
                subheading=data.get("subheading", ""),
                lead=data.get("lead", ""),
                body=data["body"],
            )
        except rendering.TemplateError as exc:
            self.add_error("source", str(exc))
        return data


class IssueForm(forms.Form):
    """Issue certificates to the chosen people of a programme or an event."""

    template = forms.ModelChoiceField(
        label=_("Document"), queryset=CertificateTemplate.objects.none(), empty_label=None
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal(0),
        max_value=Decimal(2000),
        decimal_places=1,
        error_messages={"invalid": _("Enter the number of hours, e.g. 72 or 1,5.")},
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the date as DD.MM.YYYY.")},
    )
    send_email = forms.BooleanField(label=_("Send each person their PDF by e-mail"), required=False)
    recipients = forms.TypedMultipleChoiceField(
        label=_("Who receives it"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person.")},
    )

    def __init__(self, *args: Any, issuer: Issuer, people: list[tuple[int, str]], **kwargs: Any):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        kwargs["initial"].setdefault("send_email", True)
        super().__init__(*args, **kwargs)
        templates = issuer.templates.filter(is_active=True)
        if not issuer.licensed:
            templates = templates.exclude(kind=Kind.QUALIFICATION)
        # self.fields is typed dict[str, Field]; the fields are declared above with these kinds.
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates
        cast(forms.ChoiceField, self.fields["recipients"]).choices = people


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Shown on the public verification page."),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )


class ReissueForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        certificate: Certificate | None = self.initial.get("certificate")
        if certificate is not None and not self.errors:
            same = (
                data["last_name"].strip() == certificate.last_name
                and data["first_name"].strip() == certificate.first_name
                and data.get("middle_name", "").strip() == certificate.middle_name
            )
            if same:
                raise forms.ValidationError(
                    _("The name is the same as on the certificate: correct it first.")
                )
        return data


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, number or programme"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any"))] + list(Certificate.Status.choices),
    )
    kind = forms.ChoiceField(
        label=_("Document"), required=False, choices=[("", _("any"))] + list(Kind.choices)
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    program = IdField(label=_("Programme"), required=False, widget=forms.HiddenInput)
    event = IdField(label=_("Event"), required=False, widget=forms.HiddenInput)

    def filters(self) -> RegistryFilters:
        if not self.is_valid():
            return RegistryFilters()
        data = self.cleaned_data
        return RegistryFilters(
            q=data["q"].strip(),
            status=data["status"],
            kind=data["kind"],
            year=data["year"],
            program_id=data["program"],
            event_id=data["event"],
        )
