"""Forms of the coordinator's pages: a campaign's settings, items to add, a decision, a later
deadline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Organization, User
from metodset.library.models import Material
from metodset.programs.models import Program

from .. import aggregation, permissions
from ..models import Campaign
from ..selectors.rubrics import rubric_choices

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.ModelForm):
    """A campaign's settings; the network and organiser are chosen only when creating."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "description",
            "kind",
            "network",
            "organization",
            "program",
            "rubric",
            "pool",
            "reviews_per_item",
            "min_load",
            "max_load",
            "blindness",
            "spread_limit",
            "submissions_until",
            "reviews_until",
            "remind_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "submissions_until": DATETIME_LOCAL,
            "reviews_until": DATETIME_LOCAL,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        creating = self.instance.pk is None
        if creating:
            networks = permissions.campaign_networks(user)
            self.fields["network"].queryset = networks  # type: ignore[attr-defined]
            self.fields["organization"].queryset = (  # type: ignore[attr-defined]
                permissions.organizing_organizations(user)
            )
            self.fields["organization"].help_text = _("Leave empty for the network's own campaign.")
            network_ids = list(networks.values_list("pk", flat=True))
        else:
            del self.fields["network"], self.fields["organization"]
            network_ids = [self.instance.network_id]
        self.fields["rubric"].queryset = rubric_choices(  # type: ignore[attr-defined]
            network_ids, keep=self.instance.rubric_id
        )
        self.fields["program"].queryset = Program.objects.filter(  # type: ignore[attr-defined]
            network_id__in=network_ids
        ).order_by("-pk")
        if not creating and self.instance.status != Campaign.Status.DRAFT:
            self.fields["rubric"].disabled = True
        for name in ("submissions_until", "reviews_until"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_load"), data.get("max_load")
        if low is not None and high is not None and low > high:
            self.add_error("min_load", _("The least load per expert cannot exceed the most."))
        per_item = data.get("reviews_per_item")
        if per_item is not None and not 1 <= per_item <= 10:
            self.add_error("reviews_per_item", _("From 1 to 10 reviews per item."))
        accepted, due = data.get("submissions_until"), data.get("reviews_until")
        if accepted and due and due <= accepted:
            self.add_error(
                "reviews_until", _("Reviews are due after the items have been accepted.")
            )
        if due and self.instance.pk is None and due <= timezone.now():
            self.add_error("reviews_until", _("The deadline must be in the future."))
        network, organization = data.get("network"), data.get("organization")
        if self.instance.pk is None and network is not None:
            if (
                organization is not None
                and not organization.partnerships.filter(network=network).exists()
            ):
                self.add_error(
                    "organization", _("The organisation is not a partner of this network.")
                )
            elif not permissions.may_organize(
                self.user, network=network, organization=organization
            ):
                self.add_error(
                    "organization",
                    _("Choose your organisation: only the network's coordinators run its own."),
                )
        return data


class ItemsFromMaterialsForm(forms.Form):
    materials = forms.ModelMultipleChoiceField(
        label=_("Library materials"),
        queryset=Material.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, materials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = materials  # type: ignore[attr-defined]


class ItemsForAuditForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Decision"), choices=aggregation.Verdict.choices)
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ExtendForm(forms.Form):
    until = forms.DateTimeField(
        label=_("New deadline"), widget=DATETIME_LOCAL, input_formats=["%Y-%m-%dT%H:%M"]
    )

    def clean_until(self) -> Any:
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError(_("The new deadline must be in the future."))
        return until
