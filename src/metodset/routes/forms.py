"""Forms of the routes' pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import NetworkPartner, Organization
from metodset.core.uploads import material_check
from metodset.diagnostics.models import Competency
from metodset.events.models import Event
from metodset.library.models import Collection, Material
from metodset.programs.models import Program

from . import document
from .models import Activity, Route, Step

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RouteForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = ["goal", "hours_budget"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("return", gettext_lazy("Return for changes")),
        ],
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what to change: the comment is required."))
        return data


def competency_choices(route: Route) -> forms.ModelChoiceField:
    """The route's deficits first, then every competency of their framework."""
    deficits = list(route.deficits.select_related("framework"))
    framework_ids = {c.framework_id for c in deficits}
    if not framework_ids:
        framework_ids = set(
            Competency.objects.filter(framework__slug="pedagog-544n")
            .order_by("-framework__version")
            .values_list("framework_id", flat=True)[:1]
        )
    return forms.ModelChoiceField(
        label=gettext_lazy("Deficit (competency)"),
        queryset=Competency.objects.filter(framework_id__in=framework_ids).order_by(
            "area__order", "order"
        ),
        required=False,
    )


class StepForm(forms.ModelForm):
    """What the teacher or the methodist changes in a step."""

    class Meta:
        model = Step
        fields = [
            "title",
            "form",
            "competency",
            "task",
            "starts_on",
            "ends_on",
            "hours",
            "expected_result",
            "presentation_form",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, route: Route, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"] = competency_choices(route)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class StepAddForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=gettext_lazy("Activity of the catalogue"),
        queryset=Activity.objects.none(),
        required=False,
    )
    title = forms.CharField(
        label=gettext_lazy("…or describe the step"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("E.g. «Выступление на педагогическом совете»."),
    )
    starts_on = forms.DateField(label=gettext_lazy("Start date"), required=False, widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("End date"), required=False, widget=DATE)
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), required=False, min_value=0, max_digits=5, decimal_places=1
    )

    def __init__(self, *args: Any, route: Route, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = activities
        self.fields["competency"] = competency_choices(route)
        self.order_fields(["competency", "activity", "title"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("activity") and not (data.get("title") or "").strip():
            self.add_error("title", _("Choose an activity or describe the step."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class DoneForm(forms.Form):
    evidence_file = forms.FileField(label=gettext_lazy("File"), required=False)
    evidence_url = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_text = forms.CharField(
        label=gettext_lazy("Or describe the product"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reflection = forms.CharField(
        label=gettext_lazy("Reflection: what has changed in your work?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has = any(data.get(k) for k in ("evidence_file", "evidence_url", "evidence_text"))
        if not has and not self.step.has_evidence and not self.errors:
            raise ValidationError(
                _("Attach a file, give a link or describe the product: evidence is needed.")
            )
        return data


class TeachForm(forms.Form):
    """A teacher commits to pass a course on to colleagues (horizontal learning)."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration, minutes"), min_value=15, max_value=480, initial=90
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=Event.Format.choices, initial=Event.Format.OFFLINE
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=300)

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = zoneinfo.ZoneInfo(time_zone)

    def clean_starts_at(self) -> dt.datetime:
        value = self.cleaned_data["starts_at"]
        # The typed time is in the teacher's own zone.
        return value.replace(tzinfo=None).replace(tzinfo=self.time_zone)


class ActivityForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "form",
            "provider",
            "url",
            "format",
            "hours",
            "competencies",
            "starts_on",
            "ends_on",
            "expected_result",
            "presentation_form",
            "description",
            "active",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "competencies": forms.SelectMultiple(attrs={"size": 10}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        competencies_field = cast(forms.ModelChoiceField, self.fields["competencies"])
        competencies_field.queryset = Competency.objects.select_related("framework").order_by(
            "framework__title", "area__order", "order"
        )
        # Events, programmes and modules come into the catalogue from their own pages.
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k, label)
            for k, label in Activity.Kind.choices
            if k not in (Activity.Kind.EVENT, Activity.Kind.PROGRAM, Activity.Kind.MODULE)
        ]


class LayoutForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=gettext_lazy("Columns of the route document"),
        choices=list(document.COLUMNS.items()),
        widget=forms.CheckboxSelectMultiple,
    )


class BoardFilterForm(forms.Form):
    year = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any"))] + list(Route.Status.choices),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    competency = forms.ModelChoiceField(
        label=gettext_lazy("Competency"),
        required=False,
        queryset=Competency.objects.none(),
        empty_label=gettext_lazy("any"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    overdue = forms.BooleanField(
        label=gettext_lazy("only with overdue steps"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    q = forms.CharField(
        label=gettext_lazy("Teacher"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["competency"]).queryset = competencies


class PlatformActivityForm(forms.Form):
    """An event, programme, material or collection of the platform into the catalogue."""

    event = forms.ModelChoiceField(
        label=gettext_lazy("Event"), queryset=Event.objects.none(), required=False
    )
    program = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Program.objects.none(), required=False
    )
    material = forms.ModelChoiceField(
        label=gettext_lazy("Material of the library"),
        queryset=Material.objects.none(),
        required=False,
    )
    collection = forms.ModelChoiceField(
        label=gettext_lazy("Collection of the library"),
        queryset=Collection.objects.none(),
        required=False,
    )
    competencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Competencies it develops"),
        queryset=Competency.objects.none(),
        required=False,
        help_text=gettext_lazy("Empty: those typed on the event or material, if any."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=gettext_lazy("Empty: the hours of the event or programme."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        networks = NetworkPartner.objects.filter(organization=organization).values("network_id")
        ours = Q(organizer=organization) | Q(network_id__in=networks)
        # Events of this school year on: a route plans a year, past months included.
        today = timezone.localdate()
        since = dt.datetime(today.year if today.month >= 9 else today.year - 1, 9, 1, tzinfo=dt.UTC)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["event"]).queryset = (
            Event.objects.filter(ours, starts_at__gte=since)
            .exclude(status=Event.Status.CANCELLED)
            .order_by("starts_at")
        )
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = Program.objects.filter(
            ours
        ).order_by("-created_at")
        cast(forms.ModelChoiceField, self.fields["material"]).queryset = Material.objects.filter(
            Q(organization=organization) | Q(organization__isnull=True)
        ).order_by("title")
        collection_field = cast(forms.ModelChoiceField, self.fields["collection"])
        collection_field.queryset = Collection.objects.filter(
            Q(organization=organization) | Q(network_id__in=networks)
        ).order_by("title")
        competencies_field = cast(forms.ModelChoiceField, self.fields["competencies"])
        competencies_field.queryset = Competency.objects.select_related("framework").order_by(
            "framework__title", "area__order", "order"
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [k for k in ("event", "program", "material", "collection") if data.get(k)]
        if len(chosen) != 1:
            raise ValidationError(_("Choose one event, programme, material or collection."))
        return data
