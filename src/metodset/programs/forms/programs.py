"""Forms of the programme pages: creation from a scheme, settings, stages, applications,
decisions, teams, the final case and the individual plan."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization, User
from metodset.accounts.timezones import CITY_ZONES, REGION_ZONES, RUSSIAN_TIME_ZONES
from metodset.core import uploads
from metodset.events.models import Event

from ..models import Application, Program, Stage

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DATE: dict[str, Any] = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ProgramCreateForm(forms.Form):
    """A new programme from the scheme of a kind; everything else is edited afterwards."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Program.Kind.DIGITAL_INTERNSHIP, Program.Kind.DIGITAL_INTERNSHIP.label),
            (Program.Kind.INTERNSHIP_SITE, Program.Kind.INTERNSHIP_SITE.label),
            (Program.Kind.NETWORK_INTERNSHIP, Program.Kind.NETWORK_INTERNSHIP.label),
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=_("E.g. «Цифровая интернатура: игровые технологии в ДОУ»."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    organizer = forms.ModelChoiceField(label=_("Organiser"), queryset=Organization.objects.none())
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("— not a network programme —"),
    )
    starts_on = forms.DateField(label=_("Starts"), **DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        organizer_field = cast(forms.ModelChoiceField, self.fields["organizer"])
        organizer_field.queryset = roles.manageable_organizations(user).order_by("short_name")
        cast(forms.ModelChoiceField, self.fields["network"]).queryset = (
            Network.objects.order_by("name")
            if user.is_superuser
            else roles.visible_networks(user).order_by("name")
        )
        own = sorted(roles.staff_organization_ids(user))
        if own:
            self.fields["organizer"].initial = own[0]
        coordinated = sorted(roles.coordinated_network_ids(user))
        if coordinated:
            self.fields["network"].initial = coordinated[0]
        self.fields["kind"].initial = Program.Kind.DIGITAL_INTERNSHIP


class ProgramForm(forms.ModelForm):
    """The programme's settings on the builder page."""

    class Meta:
        model = Program
        fields = [
            "title",
            "topic",
            "description",
            "audience",
            "starts_on",
            "ends_on",
            "applications_open_on",
            "applications_close_on",
            "capacity",
            "team_min",
            "team_max",
            "hours_in_person",
            "hours_self_study",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": DATE["widget"],
            "ends_on": DATE["widget"],
            "applications_open_on": DATE["widget"],
            "applications_close_on": DATE["widget"],
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (data.get("team_min") or 0) > (data.get("team_max") or 0):
            self.add_error("team_max", _("The largest team cannot be smaller than the smallest."))
        if data.get("team_min") is not None and data["team_min"] < 2:
            self.add_error("team_min", _("A team has at least two members."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The programme ends before it starts."))
        opens, closes = data.get("applications_open_on"), data.get("applications_close_on")
        if opens and closes and closes < opens:
            self.add_error("applications_close_on", _("Applications close before they open."))
        return data


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = [
            "title",
            "description",
            "starts_on",
            "ends_on",
            "talk_minutes",
            "questions_minutes",
            "hours_in_person",
            "hours_self_study",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE["widget"],
            "ends_on": DATE["widget"],
        }


class ApplicationForm(forms.Form):
    """The public application: everything for a newcomer; the motivation for a known person."""

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The letters of the programme and the login come here.")
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— not in the list —"),
    )
    organization_name = forms.CharField(
        label=_("Or type the organisation"),
        max_length=500,
        required=False,
        help_text=_("If your organisation is not in the list: its name and town."),
    )
    position = forms.CharField(label=_("Position"), max_length=200)
    city = forms.CharField(label=_("City or town"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("— by the city —")), *RUSSIAN_TIME_ZONES],
        required=False,
        help_text=_("Letters and pages give times in this zone; it follows the city you type."),
    )
    motivation = forms.CharField(
        label=_("Why you want to take part"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In free form: your experience, your questions, what you expect."),
    )
    together_with = forms.CharField(
        label=_("Colleagues you want to work with in one team"),
        required=False,
        max_length=500,
        help_text=_("Optional: their e-mails, comma-separated, if they apply too."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        error_messages={"required": _("Without consent we cannot accept the application.")},
    )

    NEWCOMER_ONLY = (
        "last_name",
        "first_name",
        "middle_name",
        "email",
        "organization",
        "organization_name",
        "position",
        "city",
        "time_zone",
        "consent",
    )

    def __init__(self, *args: Any, program: Program, user: User | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        organizations = Organization.objects.select_related("region").order_by("short_name")
        if program.network_id:
            organizations = organizations.filter(partnerships__network_id=program.network_id)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        if user is not None:
            # A signed-in person applies in one click: the platform knows the rest.
            for name in self.NEWCOMER_ONLY:
                if name == "consent" and user.consent_given_at is None:
                    continue
                del self.fields[name]
            if (
                "city" not in self.fields
                and not user.memberships.filter(organization__isnull=False).exists()
            ):
                self.fields["city"] = forms.CharField(label=_("City or town"), max_length=200)

    def zone_hints(self) -> dict[str, Any]:
        """What the page's script needs to pre-fill the zone as the applicant types: the
        same tables ``accounts.timezones.zone_for_place`` reads, and each listed
        organisation's zone."""
        if "time_zone" not in self.fields:
            return {}
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        organizations = cast(forms.ModelChoiceField, self.fields["organization"]).queryset
        assert organizations is not None  # set in __init__
        return {
            "cities": sorted(CITY_ZONES.items(), key=lambda item: -len(item[0])),
            "regions": list(REGION_ZONES),
            "organizations": {str(org.pk): org.region.time_zone for org in organizations},
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.user is None and not data.get("organization") and not data.get("organization_name"):
            self.add_error(
                "organization_name", _("Choose your organisation in the list or type its name.")
            )
        return data

    def applicant(self) -> dict[str, Any]:
        """Keyword arguments for ``services.application_submit``."""
        data = self.cleaned_data
        if self.user is None:
            return {
                "email": data["email"],
                "last_name": data["last_name"],
                "first_name": data["first_name"],
                "middle_name": data["middle_name"],
                "organization": data["organization"],
                "organization_name": data["organization_name"],
                "position": data["position"],
                "city": data["city"],
                "time_zone": data["time_zone"],
                "motivation": data["motivation"],
                "together_with": data["together_with"],
                "consent_given": data["consent"],
            }
        user = self.user
        membership = (
            user.memberships.filter(organization__isnull=False)
            .select_related("organization")
            .first()
        )
        organization = membership.organization if membership else None
        return {
            "user": user,
            "email": user.email,
            "last_name": user.last_name,
            "first_name": user.first_name,
            "middle_name": user.middle_name,
            "organization": organization,
            "position": user.position,
            "city": organization.city if organization else data.get("city", ""),
            "motivation": data["motivation"],
            "together_with": data.get("together_with", ""),
            "consent_given": bool(data.get("consent")),
        }


class DecisionForm(forms.Form):
    """A bulk decision on the checked applications."""

    decision = forms.ChoiceField(
        choices=[
            (Application.Status.ACCEPTED, _("Accept")),
            (Application.Status.WAITLISTED, _("To the waiting list")),
            (Application.Status.REJECTED, _("Reject")),
        ]
    )
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _("Tick the applications first.")},
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        applications_field = cast(forms.ModelChoiceField, self.fields["applications"])
        applications_field.queryset = program.applications.all()


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200, required=False)
    tutor = forms.ModelChoiceField(
        label=_("Tutor"), queryset=User.objects.none(), required=False, empty_label=_("— none —")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["tutor"]).queryset = User.objects.filter(
            program_roles__program=program, program_roles__role="tutor"
        ).order_by("last_name", "first_name")


class TutorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Tutor's e-mail"),
        help_text=_(
            "A person already on the platform, e.g. a methodist of a partner organisation."
        ),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody with this e-mail is on the platform. Invite the person first.")
            )
        return user


class CoordinatorAddForm(TutorAddForm):
    email = forms.EmailField(
        label=_("Coordinator's e-mail"),
        help_text=_("A person already on the platform who will run the programme with you."),
    )


class MaterialForm(forms.Form):
    """A material for the final case: a file or a link."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"))
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    authors = forms.CharField(label=_("Authors"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from metodset.library.models import Material

        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ChoiceField, self.fields["kind"]).choices = Material.Kind.choices

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


class PlanStepForm(forms.Form):
    """Evidence of a step of the individual plan: a link, a file or a note."""

    evidence_url = forms.URLField(
        label=_("Link to the result"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload is not None:
            uploads.material_check(upload)
        return upload


class StageAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Stage.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)


class AssignmentForm(forms.ModelForm):
    """An assignment; the due moment is typed in the coordinator's own zone."""

    class Meta:
        from ..models import Assignment

        model = Assignment
        fields = ["title", "kind", "scope", "instructions", "due_at"]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "due_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class StageEventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(label=_("Date"), **DATE)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=10, max_value=600, initial=90
    )
    provider = forms.ChoiceField(
        label=_("Online meeting"),
        choices=[c for c in Event.Provider.choices if c[0]],
        initial=Event.Provider.JITSI,
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"), required=False, max_length=500, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("provider") == Event.Provider.LINK and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Paste the link to the meeting."))
        return data


class CalendarEntryForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    topic = forms.CharField(label=_("Topic"), max_length=500)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    leaders = forms.CharField(label=_("Leaders"), required=False, max_length=500)
