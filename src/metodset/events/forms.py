"""Forms of the events pages: the catalogue filter, the organiser's event form, check-in."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts import permissions
from metodset.accounts.models import Network, Organization, Region, User
from metodset.accounts.timezones import RUSSIAN_TIME_ZONES
from metodset.core import uploads

from . import selectors
from .models import Event

MAX_HOURS = 250


class _IdChoiceField(forms.TypedChoiceField):
    """A select of ids whose options are only a convenience: any id is a valid filter.

    The options are cached for a few minutes; an organiser whose first event appeared a
    minute ago is still a valid filter (a link may carry it).
    """

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit() or super().valid_value(value)


class CatalogueFilterForm(forms.Form):
    """GET filter of the catalogue; invalid fields filter nothing and show their error."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    region = _IdChoiceField(label=_("Region"), coerce=int, required=False)
    organizer = _IdChoiceField(label=_("Organiser"), coerce=int, required=False)
    audience = forms.ChoiceField(label=_("For whom"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Till"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    past = forms.BooleanField(label=_("Past events"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("title or topic")}),
    )

    def __init__(self, *args: Any, viewer: User | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; the five set here are declared choice fields.
        fields = cast(dict[str, forms.ChoiceField], self.fields)
        fields["kind"].choices = [("", _("All")), *Event.Kind.choices]
        fields["format"].choices = [("", _("Any")), *Event.Format.choices]
        fields["audience"].choices = [("", _("Everyone")), *Event.Audience.choices[1:]]
        options = selectors.catalogue_filter_options(viewer=viewer)
        fields["region"].choices = [("", _("All")), *options["regions"]]
        fields["organizer"].choices = [("", _("All")), *options["organizers"]]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> selectors.CatalogueFilters:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return selectors.CatalogueFilters(
            kind=data.get("kind", ""),
            format=data.get("format", ""),
            organizer=Organization.objects.filter(pk=data["organizer"]).first()
            if data.get("organizer")
            else None,
            region=Region.objects.filter(pk=data["region"]).first() if data.get("region") else None,
            audience=data.get("audience", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            past=bool(data.get("past")),
            text=data.get("q", ""),
        )


def _local(value: datetime | None, zone: str) -> datetime | None:
    """A stored UTC moment as a naive local time in the zone, for a form's initial value."""
    if value is None:
        return None
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)


def _aware(value: datetime | None, zone: str) -> datetime | None:
    """A moment typed as local time in the zone, as UTC."""
    if value is None:
        return None
    naive = value.replace(tzinfo=None)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


class EventForm(forms.Form):
    """The organiser's form. Times are typed in the chosen zone and stored in UTC."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What participants will learn and do; what to prepare."),
    )
    organizer = forms.ModelChoiceField(label=_("Organiser"), queryset=Organization.objects.none())
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("— not a network event —"),
    )
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Event.Visibility.choices)
    audience = forms.ChoiceField(label=_("Target audience"), choices=Event.Audience.choices)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the date and time"),
        choices=RUSSIAN_TIME_ZONES,
        help_text=_("Participants see the time converted to their own zones."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=10, max_value=12 * 60, initial=90
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=300,
        help_text=_("Address and room, for in-person and hybrid events."),
    )
    provider = forms.ChoiceField(
        label=_("Online meeting"), choices=Event.Provider.choices, required=False
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Only registered participants see it, shortly before the start."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty for no limit. When the places are taken, a waiting list opens."),
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("If empty, registration closes when the event starts."),
    )
    hours = forms.DecimalField(
        label=_("Hours of professional development"),
        min_value=0,
        max_value=MAX_HOURS,
        decimal_places=1,
        initial=0,
    )
    competencies = forms.CharField(
        label=_("Competencies it develops"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated, e.g. «формирующее оценивание, цифровые инструменты»."),
    )
    recording_url = forms.URLField(
        label=_("Recording"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the recording, after the event."),
    )
    publish = forms.BooleanField(
        label=_("Publish: participants can see it and register"), required=False, initial=True
    )

    # Repetition, on the creation form only.
    repeat = forms.BooleanField(label=_("Repeat every week"), required=False)
    repeat_until = forms.DateField(
        label=_("Repeat until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    repeat_interval = forms.TypedChoiceField(
        label=_("How often"),
        coerce=int,
        choices=[(1, _("every week")), (2, _("every other week"))],
        initial=1,
        required=False,
    )
    repeat_except = forms.CharField(
        label=_("Except these dates"),
        required=False,
        max_length=2000,
        help_text=_("Holidays and breaks, comma-separated: 30.12.2026, 06.01.2027."),
    )

    REPEAT_FIELDS = ("repeat", "repeat_until", "repeat_interval", "repeat_except")

    def __init__(self, *args: Any, user: User, event: Event | None = None, **kwargs: Any) -> None:
        self.user = user
        self.event = event
        if event is not None:
            kwargs.setdefault("initial", self.initial_for(event))
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; both are declared as ModelChoiceField.
        organizer_field = cast(forms.ModelChoiceField, self.fields["organizer"])
        network_field = cast(forms.ModelChoiceField, self.fields["network"])
        manageable = permissions.manageable_organizations(user).order_by("short_name")
        visible_networks = (
            permissions.visible_networks(user).order_by("name")
            if not user.is_superuser
            else Network.objects.order_by("name")
        )
        organizer_field.queryset = manageable
        network_field.queryset = visible_networks
        if event is not None:
            for name in self.REPEAT_FIELDS:
                del self.fields[name]
            # The organiser stays; a coordinator editing a partner's event may not own it.
            organizer_field.queryset = Organization.objects.filter(
                Q(pk__in=manageable.values("pk")) | Q(pk=event.organizer_id)
            ).order_by("short_name")
        else:
            self.fields["time_zone"].initial = user.time_zone
            self.fields["provider"].initial = Event.Provider.LINK
            own = sorted(permissions.staff_organization_ids(user))
            organizers = list(manageable.values_list("pk", flat=True)[:2])
            if own:
                self.fields["organizer"].initial = own[0]
            elif len(organizers) == 1:
                self.fields["organizer"].initial = organizers[0]
            networks = list(visible_networks.values_list("pk", flat=True)[:2])
            coordinated = sorted(permissions.coordinated_network_ids(user))
            if coordinated:
                self.fields["network"].initial = coordinated[0]
            elif len(networks) == 1:
                self.fields["network"].initial = networks[0]

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        local = _local(event.starts_at, event.time_zone)
        assert local is not None
        return {
            "title": event.title,
            "kind": event.kind,
            "format": event.format,
            "description": event.description,
            "organizer": event.organizer_id,
            "network": event.network_id,
            "visibility": event.visibility,
            "audience": event.audience,
            "date": local.date(),
            "start_time": local.time(),
            "time_zone": event.time_zone,
            "duration_minutes": event.duration_minutes,
            "place": event.place,
            "provider": event.provider,
            "meeting_url": event.meeting_url,
            "capacity": event.capacity,
            "registration_opens_at": _local(event.registration_opens_at, event.time_zone),
            "registration_closes_at": _local(event.registration_closes_at, event.time_zone),
            "hours": event.hours,
            "competencies": event.competencies,
            "recording_url": event.recording_url,
            "publish": event.status != Event.Status.DRAFT,
        }

    def clean_repeat_except(self) -> list[dt.date]:  # the form's field «date» hides the type
        text = self.cleaned_data.get("repeat_except", "")
        dates = []
        for part in re.split(r"[,;\s]+", text.strip()):
            if not part:
                continue
            try:
                dates.append(datetime.strptime(part, "%d.%m.%Y").date())
            except ValueError:
                raise forms.ValidationError(
                    _("«%(value)s» is not a date like 30.12.2026."), params={"value": part}
                ) from None
        return dates

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        zone = data.get("time_zone") or settings.TIME_ZONE
        self._clean_where(data)
        self._clean_when(data, zone)
        self._clean_network(data)
        self._clean_series(data)
        return data

    def _clean_where(self, data: dict[str, Any]) -> None:
        """An online event needs a provider (and a link for a plain one), an offline a place."""
        fmt = data.get("format")
        provider = data.get("provider", "")
        if fmt in (Event.Format.ONLINE, Event.Format.HYBRID) and not provider:
            self.add_error("provider", _("Choose where the online meeting takes place."))
        if fmt == Event.Format.OFFLINE:
            data["provider"] = ""
        if fmt in (Event.Format.OFFLINE, Event.Format.HYBRID) and not data.get("place"):
            self.add_error("place", _("Say where the event takes place."))
        if data.get("provider") == Event.Provider.LINK and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Paste the link to the meeting."))

    def _clean_when(self, data: dict[str, Any], zone: str) -> None:
        """The start and the registration window as aware times in the event's zone;
        registration closes after it opens and no later than the event ends."""
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = _aware(datetime.combine(data["date"], data["start_time"]), zone)
        opens = _aware(data.get("registration_opens_at"), zone)
        closes = _aware(data.get("registration_closes_at"), zone)
        data["registration_opens_at"], data["registration_closes_at"] = opens, closes
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        starts = data.get("starts_at")
        duration = data.get("duration_minutes")
        if starts and closes and duration and closes > starts + timedelta(minutes=duration):
            self.add_error(
                "registration_closes_at", _("Registration cannot close after the event ends.")
            )

    def _clean_network(self, data: dict[str, Any]) -> None:
        network = data.get("network")
        organizer = data.get("organizer")
        if network and organizer and not self._may_hold_in(network, organizer):
            self.add_error("network", _("The organiser is not a partner of this network."))
        if data.get("visibility") == Event.Visibility.NETWORK and not network:
            self.add_error("network", _("Choose the network whose members will see the event."))

    def _clean_series(self, data: dict[str, Any]) -> None:
        """A repeated event says until when, after its first date and within a year."""
        if not data.get("repeat"):
            return
        until = data.get("repeat_until")
        if not until:
            self.add_error("repeat_until", _("Say until when the event repeats."))
        elif data.get("date") and until < data["date"]:
            self.add_error("repeat_until", _("The last date is before the first one."))
        elif data.get("date") and until > data["date"] + timedelta(days=366):
            self.add_error("repeat_until", _("A series can last at most a year."))

    def _may_hold_in(self, network: Network, organizer: Organization) -> bool:
        """A partner holds events in its network; the network's coordinator holds any there."""
        if self.user.is_superuser or network.pk in permissions.coordinated_network_ids(self.user):
            return True
        return network.partnerships.filter(organization=organizer).exists()

    def event_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``services.event_create`` / ``event_update``."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "format": data["format"],
            "description": data["description"],
            "visibility": data["visibility"],
            "audience": data["audience"],
            "starts_at": data["starts_at"],
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "provider": data.get("provider", ""),
            "meeting_url": data["meeting_url"]
            if data.get("provider") == Event.Provider.LINK
            else "",
            "capacity": data["capacity"],
            "registration_opens_at": data["registration_opens_at"],
            "registration_closes_at": data["registration_closes_at"],
            "hours": data["hours"],
            "competencies": data["competencies"],
            "recording_url": data["recording_url"],
            "status": Event.Status.PUBLISHED if data["publish"] else Event.Status.DRAFT,
        }


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the organiser's screen"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}
        ),
        error_messages={
            "min_length": _("The code has six digits."),
            "required": _("Type the six-digit code."),
        },
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (participants will read it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            uploads.material_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("url") and not data.get("file") and not self.errors:
            raise forms.ValidationError(_("Attach a file or give a link."))
        return data
