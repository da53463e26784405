"""Forms of a community's work: a line of the analysis, a line of the learning plan, a series
of meetings, a meeting's agenda and minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User
from metodset.accounts.timezones import RUSSIAN_TIME_ZONES
from metodset.diagnostics.models import Competency, ResultsTable
from metodset.events.models import Event

from ..models import AnalysisLink, Community, LearningItem
from ..selectors import work as selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        competency = cast(Competency, obj)
        return f"{competency.code} {competency.title}"


class TableChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        table = cast(ResultsTable, obj)
        return f"{table.group}: {table.subject}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = cast(User, obj)
        return person.get_full_name() or person.email


class AnalysisLinkForm(forms.ModelForm):
    """«Затруднения детей — следствие дефицитов»: one line."""

    results_table = TableChoiceField(
        label=capfirst(_("children's results")),
        queryset=ResultsTable.objects.none(),
        required=False,
        empty_label=_("— not from a table —"),
    )
    competency = CompetencyChoiceField(
        label=capfirst(_("teachers' deficit")),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )

    class Meta:
        model = AnalysisLink
        fields = ["difficulty", "results_table", "results_area", "competency", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "results_area": forms.TextInput(attrs={"list": "results-areas"}),
        }
        error_messages = {"difficulty": {"required": _("Describe the children's difficulty.")}}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["results_table"]
        ).queryset = selectors.results_tables(community)
        cast(
            forms.ModelChoiceField, self.fields["competency"]
        ).queryset = selectors.competencies_for(community)
        self.fields["difficulty"].help_text = _(
            "E.g. «не понимают прочитанного, не умеют вдумчиво слушать»."
        )


class LearningItemForm(forms.ModelForm):
    """Who learns what and where. A member plans her own learning; a coordinator anyone's."""

    member = PersonChoiceField(label=capfirst(_("who learns")), queryset=User.objects.none())
    competency = CompetencyChoiceField(
        label=capfirst(_("competency")),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )

    class Meta:
        model = LearningItem
        fields = [
            "member",
            "kind",
            "title",
            "place",
            "starts_on",
            "ends_on",
            "teaches_back_on",
            "competency",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "teaches_back_on": DATE}

    def __init__(
        self, *args: Any, community: Community, viewer: User, coordinator: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(community_memberships__community=community).order_by(
            "last_name", "first_name", "pk"
        )
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = people if coordinator else people.filter(pk=viewer.pk)
        if not self.instance.pk:
            member.initial = viewer.pk
        cast(
            forms.ModelChoiceField, self.fields["competency"]
        ).queryset = selectors.competencies_for(community)
        self.fields["place"].help_text = _(
            "The course provider, the site, the organisation of the learning walk."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        back = data.get("teaches_back_on")
        if data.get("kind") == LearningItem.Kind.HORIZONTAL and not back:
            self.add_error(
                "teaches_back_on", _("Say when she teaches the colleagues what she learned.")
            )
        if back and starts and back < starts:
            self.add_error("teaches_back_on", _("She teaches the colleagues after she learns."))
        return data


class MeetingSeriesForm(forms.Form):
    """A recurring meeting of the community: «методический четверг», «методический кабинет»."""

    title = forms.CharField(label=_("Title"), max_length=300, initial=_("Methodical Thursday"))
    first_date = forms.DateField(label=_("First meeting"), widget=DATE)
    last_date = forms.DateField(label=_("Repeat until"), widget=DATE)
    interval_weeks = forms.TypedChoiceField(
        label=_("How often"),
        coerce=int,
        choices=[(1, _("every week")), (2, _("every other week")), (4, _("every four weeks"))],
        initial=1,
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    time_zone = forms.ChoiceField(
        label=_("Time zone of the date and time"), choices=RUSSIAN_TIME_ZONES
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=10, max_value=8 * 60, initial=60
    )
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    meeting_url = forms.URLField(
        label=_("Meeting link"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=capfirst(_("agenda")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copied to every meeting; change each meeting's agenda on its page."),
    )

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = viewer.time_zone

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("first_date"), data.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", _("The last date is before the first one."))
        elif first and last and last > first + dt.timedelta(days=366):
            self.add_error("last_date", _("A series can last at most a year."))
        fmt = data.get("format")
        if fmt in (Event.Format.ONLINE, Event.Format.HYBRID) and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Paste the link to the meeting."))
        if fmt in (Event.Format.OFFLINE, Event.Format.HYBRID) and not data.get("place"):
            self.add_error("place", _("Say where the event takes place."))
        if fmt == Event.Format.OFFLINE:
            data["meeting_url"] = ""
        return data


class MeetingForm(forms.Form):
    agenda = forms.CharField(
        label=capfirst(_("agenda")), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=capfirst(_("minutes of the meeting")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class MeetingMaterialForm(forms.Form):
    """A link to a material of the meeting (a presentation, a video, a document on a disk)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")
