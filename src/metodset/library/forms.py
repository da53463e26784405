"""Forms of the library's pages: a material and its versions, moderation, readers' acts, the
catalogue's filters. Messages are Russian and stand by their field; a form that fails keeps
everything the person entered (files excepted: the browser cannot keep them)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import Network, Organization, User
from metodset.core.fields import IdField
from metodset.core.uploads import material_check
from metodset.diagnostics.models import Competency

from .models import Audience, Licence, Material

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VIDEO_HOSTS = ("rutube.ru", "vk.com", "vkvideo.ru", "disk.yandex.ru", "yadi.sk")


def competencies_offered() -> QuerySet[Competency]:
    """Competencies of the frameworks shipped with the platform (the 544н standard's)."""
    return Competency.objects.filter(
        framework__network__isnull=True, framework__status="published"
    ).select_related("framework")


class MaterialForm(forms.ModelForm):
    """The material's description; on creation also its file or link (version 1)."""

    audience_codes = forms.MultipleChoiceField(
        label=gettext_lazy("Levels of education"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Competencies it develops"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    upload = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy(
            "PDF, Word, PowerPoint, Excel, OpenDocument, a picture or a ZIP archive."
        ),
    )
    url = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("A video on RuTube or VK Видео, a folder on Яндекс Диск..."),
    )

    class Meta:
        model = Material
        fields = [
            "title", "kind", "description", "result", "minutes", "authors", "organization",
            "network", "subjects", "year", "licence", "visibility", "url",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "result": gettext_lazy(
                "For a quantum of practice: what it gives children or colleagues."
            ),
            "minutes": gettext_lazy("For a quantum of practice: 15–20 minutes to show it."),
        }

    def __init__(self, *args: Any, user: User, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.creating = user, creating
        org_ids = account_permissions.organization_ids(user)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(pk__in=org_ids)
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = Network.objects.filter(
            pk__in=account_permissions.member_network_ids(user)
        )
        cast(forms.ModelChoiceField, self.fields["competencies"]).queryset = competencies_offered()
        self.fields["year"].widget.attrs.update({"min": 1990, "max": timezone.localdate().year})
        self.fields["minutes"].widget.attrs.update({"min": 5, "max": 90})
        if self.instance.pk:
            self.initial.setdefault("audience_codes", self.instance.audience_codes)
            self.initial.setdefault("competencies", list(self.instance.competencies.all()))
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            if len(org_ids) == 1:
                self.initial.setdefault("organization", next(iter(org_ids)))
        if not creating:
            del self.fields["upload"], self.fields["url"]

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and not 1990 <= year <= timezone.localdate().year:
            raise ValidationError(
                _("The year must be between 1990 and %(year)s."),
                params={"year": timezone.localdate().year},
            )
        return year

    def clean_minutes(self) -> int | None:
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and not 5 <= minutes <= 90:
            raise ValidationError(_("A practice is shown in 5 to 90 minutes."))
        return minutes

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        visibility = data.get("visibility")
        if visibility in (Material.Visibility.NETWORK, Material.Visibility.PUBLIC) and not data.get(
            "network"
        ):
            self.add_error("network", _("Choose the network that will see the material."))
        if visibility == Material.Visibility.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", _("Choose the organisation that will see the material."))
        if self.creating and not data.get("upload") and not data.get("url"):
            self.add_error("upload", _("Attach a file or give a link."))
        if data.get("kind") == Material.Kind.QUANTUM:
            if not (data.get("result") or "").strip():
                self.add_error(
                    "result", _("Say what the practice gives: this is what colleagues look for.")
                )
            if not data.get("minutes"):
                self.add_error("minutes", _("Say how many minutes it takes to show the practice."))
        return data

    def service_fields(self) -> dict[str, Any]:
        from .services import audiences_text

        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in data and name != "url"}
        fields["audiences"] = audiences_text(data.get("audience_codes") or [])
        return fields


class VersionForm(forms.Form):
    upload = forms.FileField(label=gettext_lazy("File"), required=False)
    url = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=500, assume_scheme="https"
    )
    changes = forms.CharField(
        label=gettext_lazy("What changed"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("upload") and not data.get("url"):
            self.add_error("upload", _("Attach a file or give a link for the new version."))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("publish", gettext_lazy("Publish")),
            ("return", gettext_lazy("Return to the author with comments")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the author should change."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UseForm(forms.Form):
    used_on = forms.DateField(label=gettext_lazy("When"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("How it went (briefly)"), required=False, max_length=500
    )

    def clean_used_on(self) -> Any:
        used_on = self.cleaned_data["used_on"]
        if used_on > timezone.localdate():
            raise ValidationError(_("The date of use cannot be in the future."))
        return used_on


class LearnRequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("A word to the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LearnAnswerForm(forms.Form):
    agree = forms.TypedChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("1", gettext_lazy("I will show it")), ("0", gettext_lazy("Not now"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=gettext_lazy("When and where"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("agree") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Say when and where you will show the practice."))
        return data


class ComplaintForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolutionForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    withdraw = forms.BooleanField(label=gettext_lazy("Withdraw the material"), required=False)


class AdoptForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=gettext_lazy("Title of your act"), max_length=300)
    order_number = forms.CharField(label=gettext_lazy("Order number"), max_length=50)
    order_date = forms.DateField(label=gettext_lazy("Order date"), widget=DATE)
    upload = forms.FileField(label=gettext_lazy("File of the act"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = account_permissions.manageable_organizations(user)

    def clean_order_date(self) -> Any:
        order_date = self.cleaned_data["order_date"]
        if order_date > timezone.localdate():
            raise ValidationError(_("The order's date cannot be in the future."))
        return order_date

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            material_check(upload)
        return upload


class CollectionAddForm(forms.Form):
    material = IdField(label=gettext_lazy("Material"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


class CatalogueForm(forms.Form):
    """The catalogue's query and facets; unknown values are dropped, never an error page."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    kind = forms.MultipleChoiceField(choices=Material.Kind.choices, required=False)
    audience = forms.MultipleChoiceField(choices=Audience.choices, required=False)
    licence = forms.MultipleChoiceField(choices=Licence.choices, required=False)
    competency = forms.TypedMultipleChoiceField(coerce=int, required=False)
    organization = forms.TypedMultipleChoiceField(coerce=int, required=False)
    year = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ids and years are checked as numbers only: a facet value nobody can see finds nothing
        for name in ("competency", "organization", "year"):
            self.fields[name].valid_value = _is_small_int  # type: ignore[attr-defined]

    def filtered(self, materials: QuerySet[Material]) -> QuerySet[Material]:
        if not self.is_valid():
            return materials
        data = self.cleaned_data
        if data["kind"]:
            materials = materials.filter(kind__in=data["kind"])
        if data["audience"]:
            any_level = Q()
            for code in data["audience"]:
                any_level |= Q(audiences__contains=f",{code},")
            materials = materials.filter(any_level)
        if data["licence"]:
            materials = materials.filter(licence__in=data["licence"])
        if data["competency"]:
            tagged = Material.competencies.through.objects.filter(
                competency_id__in=data["competency"]
            ).values("material_id")
            materials = materials.filter(pk__in=tagged)
        if data["organization"]:
            materials = materials.filter(organization_id__in=data["organization"])
        if data["year"]:
            materials = materials.filter(year__in=data["year"])
        return materials

    @property
    def query(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


def _is_small_int(value: Any) -> bool:
    text = str(value)
    return text.isdigit() and len(text) <= 9
