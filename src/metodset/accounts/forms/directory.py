"""Forms of the directory pages: the partner-list filter and API tokens."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Network, Organization, Region
from ..selectors import network_regions


class PartnerFilterForm(forms.Form):
    """GET filter of a network's partner list: region, kind, and a text in name or city."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    q = forms.CharField(
        label=_("Name or city"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. СОШ or Калининград")}
        ),
    )

    def __init__(self, *args, network: Network, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; the fields are declared above with these kinds.
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = network_regions(
            network=network
        )
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All")),
            *Organization.Kind.choices,
        ]

    def filters(self) -> dict:
        """Keyword arguments for ``selectors.network_partners``; invalid fields filter nothing."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "region": data.get("region"),
            "kind": data.get("kind", ""),
            "text": data.get("q", ""),
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. «Региональная система мониторинга»."),
    )
