"""Forms of the campaign pages: a campaign made or changed, people added."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.diagnostics.models import Campaign


def campaign_bounds(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the first moment of the first day to the end of the last day, in the viewer's zone:
    the self-assessment questionnaire accepts answers until the same end."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(starts_on, dt.time.min)
    end = dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def _check_dates(
    form: forms.BaseForm, starts: dt.date | None, ends: dt.date | None, remind: dt.datetime | None
) -> None:
    if not (starts and ends):
        return
    if ends < starts:
        form.add_error("ends_on", _("The campaign cannot end before it starts."))
        return
    start, end = campaign_bounds(starts, ends)
    if remind and not start <= remind < end:
        form.add_error(
            "remind_at", _("The reminder must fall between the start and the end of the campaign.")
        )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.ModelForm):
    """A new assessment campaign, or a draft one changed: what, for whom, when, with which
    instruments."""

    scope = forms.ChoiceField(label=_("Who is assessed"))

    class Meta:
        model = Campaign
        fields = [
            "title",
            "framework",
            "starts_on",
            "ends_on",
            "self_assessment",
            "observation",
            "test",
            "remind_at",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "remind_at": DATETIME_WIDGET,
        }

    def __init__(
        self,
        *args: Any,
        frameworks: Any,
        organizations: Any,
        networks: Any,
        tests: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["framework"]).queryset = frameworks
        cast(forms.ModelChoiceField, self.fields["test"]).queryset = tests
        self.fields["test"].required = False
        cast(forms.ModelChoiceField, self.fields["test"]).empty_label = _("— no test —")
        choices = [(f"org:{o.pk}", o.short_name) for o in organizations]
        choices += [
            (f"net:{n.pk}", _("Network «%(name)s»: all partner organisations") % {"name": n.name})
            for n in networks
        ]
        cast(forms.ChoiceField, self.fields["scope"]).choices = choices
        if self.instance.pk:
            self.initial.setdefault(
                "scope",
                f"org:{self.instance.organization_id}"
                if self.instance.organization_id
                else f"net:{self.instance.network_id}",
            )
        self.fields["title"].widget.attrs["placeholder"] = _("E.g. «Осень 2026»")
        self.order_fields(["title", "scope", "framework"])

    def clean_scope(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        return kind, int(pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_dates(self, data.get("starts_on"), data.get("ends_on"), data.get("remind_at"))
        test = data.get("test")
        framework = data.get("framework")
        if test and framework and test.framework_id != framework.pk:
            self.add_error("test", _("The test is built on another framework."))
        if not (data.get("self_assessment") or data.get("observation") or test):
            self.add_error(None, _("Choose at least one instrument."))
        return data

    def save(self, commit: bool = True) -> Campaign:
        kind, pk = self.cleaned_data["scope"]
        self.instance.organization_id = pk if kind == "org" else None
        self.instance.network_id = pk if kind == "net" else None
        return super().save(commit)

    def changes(self) -> dict[str, Any]:
        """The fields for ``campaign_update``, the scope split into organisation and network."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or []}
        kind, pk = self.cleaned_data["scope"]
        data["organization_id"] = pk if kind == "org" else None
        data["network_id"] = pk if kind == "net" else None
        return data


class CampaignOpenForm(forms.ModelForm):
    """An open campaign changed: people are invited, so only its name, end and reminder."""

    class Meta:
        model = Campaign
        fields = ["title", "ends_on", "remind_at"]
        widgets = {"ends_on": DATE_WIDGET, "remind_at": DATETIME_WIDGET}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_dates(self, self.instance.starts_on, data.get("ends_on"), data.get("remind_at"))
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class ParticipantsAddForm(forms.Form):
    """Add people by e-mail, one per line, to a campaign."""

    emails = forms.CharField(
        label=_("E-mails, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_emails(self) -> list[Any]:
        emails = [e.strip().lower() for e in self.cleaned_data["emails"].split() if e.strip()]
        found = {u.email.lower(): u for u in self.people.filter(email__in=emails)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise forms.ValidationError(
                _("Not found among the people of this campaign's organisations: %(emails)s")
                % {"emails": ", ".join(missing)}
            )
        return list(found.values())
