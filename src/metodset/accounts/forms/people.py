"""Forms of the people pages: profile, invitation, audit-log filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Membership, User
from ..timezones import RUSSIAN_TIME_ZONES

MAX_EXPERIENCE_YEARS = 70


def _name_field(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=100, required=required, strip=True)


class ProfileForm(forms.Form):
    """What a person may change about themselves; the e-mail is their login and stays put."""

    last_name = _name_field(_("Last name"))
    first_name = _name_field(_("First name"))
    middle_name = _name_field(_("Patronymic"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    specialisation = forms.CharField(
        label=_("Specialisation"),
        max_length=200,
        required=False,
        help_text=_("For example: primary school, mathematics, speech therapy."),
    )
    experience_years = forms.IntegerField(
        label=_("Teaching experience, years"),
        required=False,
        min_value=0,
        max_value=MAX_EXPERIENCE_YEARS,
        error_messages={
            "invalid": _("Enter a whole number of years."),
            "min_value": _("Experience cannot be negative."),
            "max_value": _("Experience cannot exceed %(limit_value)s years."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_EXPERIENCE_YEARS}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("Optional: needed only for the registry of legal certificates."),
        error_messages={"invalid": _("Enter the date as DD.MM.YYYY.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=RUSSIAN_TIME_ZONES,
        help_text=_("Dates and times on every page are shown in this zone."),
    )

    @classmethod
    def for_person(cls, person: User) -> ProfileForm:
        return cls(initial={name: getattr(person, name) for name in cls.base_fields})


class InviteForm(forms.Form):
    """Invite a person to an organisation by e-mail."""

    ROLE_CHOICES = [
        (role.value, role.label)
        for role in (
            Membership.Role.TEACHER,
            Membership.Role.METHODIST,
            Membership.Role.MANAGER,
            Membership.Role.EXPERT,
        )
    ]

    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    last_name = _name_field(_("Last name"))
    first_name = _name_field(_("First name"))
    middle_name = _name_field(_("Patronymic"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Membership.Role.TEACHER)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class AuditFilterForm(forms.Form):
    TYPE_CHOICES = [
        ("", _("All objects")),
        ("user", _("People")),
        ("organization", _("Organisations")),
        ("network", _("Networks")),
        ("importbatch", _("Imports from files")),
        # the objects of the apps above, by the name their entries store
        ("program", _("Programmes")),
        ("route", _("Individual routes")),
        ("certificate", _("Certificates")),
        ("campaign", _("Diagnostics")),
        ("expertise.campaign", _("Expertise")),
    ]
    type = forms.ChoiceField(label=_("Object type"), choices=TYPE_CHOICES, required=False)
