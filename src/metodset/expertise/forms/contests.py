"""Forms of contests: the organiser's contest (rules, nominations, deadlines, prizes) and the
author's entry (the work as a file or a link, co-authors, consent to the rules)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization
from metodset.core import uploads

from ..models import Contest, Nomination, Rubric
from ..selectors.rubrics import rubric_choices

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.Form):
    """A contest as the organiser edits it; the organiser and rubric only when created."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Short description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rules = forms.CharField(
        label=_("Rules (положение)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who may take part, what is sent, how the jury judges, the dates."),
    )
    nominations = forms.CharField(
        label=_("Nominations"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line."),
    )
    consent_text = forms.CharField(
        label=_("Consent the authors give"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown at entry; the entry can't be sent without agreeing."),
    )
    submissions_until = forms.DateTimeField(
        label=_("Entries accepted until"), widget=DATETIME_LOCAL
    )
    reviews_until = forms.DateTimeField(
        label=_("The jury's deadline"), required=False, widget=DATETIME_LOCAL
    )
    prize_places = forms.IntegerField(
        label=_("Places that make prize-winners"),
        min_value=1,
        max_value=10,
        initial=3,
        help_text=_("1st place is the winner; the next places up to this one are prize-winners."),
    )

    def clean_nominations(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["nominations"].splitlines()]
        names = [line for line in lines if line]
        if not names:
            raise forms.ValidationError(_("Give at least one nomination."))
        if any(len(name) > 300 for name in names):
            raise forms.ValidationError(_("A nomination is at most 300 characters."))
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("submissions_until"), data.get("reviews_until")
        if start and end and end < start:
            self.add_error(
                "reviews_until", _("The jury's deadline can't be before the end of entries.")
            )
        return data

    @staticmethod
    def initial_for(contest: Contest) -> dict[str, Any]:
        campaign = contest.campaign
        return {
            "title": campaign.title,
            "description": campaign.description,
            "rules": contest.rules,
            "nominations": "\n".join(n.title for n in contest.nominations.order_by("order")),
            "consent_text": contest.consent_text,
            "submissions_until": campaign.submissions_until,
            "reviews_until": campaign.reviews_until,
            "prize_places": contest.prize_places,
        }


class ContestCreateForm(ContestForm):
    organization = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organization.objects.none(), empty_label=None
    )
    rubric = forms.ModelChoiceField(
        label=_("The jury's rubric"), queryset=Rubric.objects.none(), empty_label=None
    )
    reviews_per_item = forms.IntegerField(
        label=_("Jury members per entry"), min_value=1, max_value=10, initial=3
    )

    field_order = ["title", "organization", "description", "rules", "nominations"]

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        networks = Network.objects.filter(partnerships__organization__in=organizations)
        self.fields["rubric"].queryset = rubric_choices(  # type: ignore[attr-defined]
            networks.values_list("pk", flat=True)
        )

    def clean_submissions_until(self) -> datetime:
        value = self.cleaned_data["submissions_until"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The end of entries is already past."))
        return value

    def network_of(self, organization: Organization) -> Network | None:
        """The contest's network: the organiser's first network (by partnership)."""
        partnership = organization.partnerships.order_by("pk").select_related("network").first()
        return partnership.network if partnership else None


class EntryForm(forms.Form):
    nomination = forms.ModelChoiceField(
        label=_("Nomination"), queryset=Nomination.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title of the work"), max_length=300)
    annotation = forms.CharField(
        label=_("Annotation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the work is, for which class and subject, what is new in it."),
    )
    file = forms.FileField(label=_("The work (file)"), required=False)
    url = forms.URLField(
        label=_("Or a link to it"), required=False, max_length=500, assume_scheme="https"
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: full name, e-mail."),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("The entry can't be sent without consent to the rules.")},
    )

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = contest.nominations.order_by("order")  # type: ignore[attr-defined]
        self.fields["consent"].label = contest.consent_text or _("I agree to the contest's rules.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            uploads.material_check(upload)
        return upload

    def clean_coauthors(self) -> list[tuple[str, str]]:
        people = []
        for line in self.cleaned_data["coauthors"].splitlines():
            if not line.strip():
                continue
            name, _comma, email = line.rpartition(",")
            if not _comma:
                name, email = line, ""
            name, email = name.strip(), email.strip()
            if not name:
                raise forms.ValidationError(_("Give each co-author's full name."))
            if email:
                try:
                    forms.EmailField().clean(email)
                except forms.ValidationError as exc:
                    raise forms.ValidationError(
                        _("«%(email)s» is not an e-mail address.") % {"email": email}
                    ) from exc
            people.append((name[:300], email))
        return people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("url") and "file" not in self.errors:
            self.add_error("file", _("Attach the work as a file or give a link to it."))
        return data
