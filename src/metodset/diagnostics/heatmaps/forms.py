"""The filter form of a heat map."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import Organization
from metodset.diagnostics.heatmaps.grid import EXPERIENCE_LABELS, ORDERS, Filters
from metodset.diagnostics.models import Campaign


def campaign_label(campaign: Campaign) -> str:
    return f"{campaign.title} ({campaign.starts_on:%d.%m.%Y} — {campaign.ends_on:%d.%m.%Y})"


class HeatmapForm(forms.Form):
    """What the map shows, all by GET so that links and the XLSX keep it."""

    campaign = forms.TypedChoiceField(label=gettext_lazy("Campaign"), coerce=int)
    compare = forms.TypedChoiceField(
        label=gettext_lazy("Compare with"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of organisation"), required=False)
    position = forms.ChoiceField(label=gettext_lazy("Position"), required=False)
    experience = forms.ChoiceField(label=gettext_lazy("Experience"), required=False)
    order = forms.ChoiceField(label=gettext_lazy("Order"), required=False)

    def __init__(
        self,
        data: QueryDict,
        *,
        current: Campaign,
        related: list[Campaign],
        positions: list[str],
        kinds: bool,
    ) -> None:
        data = data.copy()
        data.setdefault("campaign", str(current.pk))
        super().__init__(data)
        self.kinds = kinds
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ChoiceField, self.fields["campaign"]).choices = [
            (c.pk, campaign_label(c)) for c in related
        ]
        cast(forms.ChoiceField, self.fields["compare"]).choices = [("", _("— nothing —"))] + [
            (c.pk, campaign_label(c))
            for c in related
            if c.pk != current.pk and c.framework.slug == current.framework.slug
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("all kinds"))] + list(
            Organization.Kind.choices
        )
        cast(forms.ChoiceField, self.fields["position"]).choices = [("", _("all positions"))] + [
            (p, p) for p in positions
        ]
        cast(forms.ChoiceField, self.fields["experience"]).choices = [
            ("", _("any experience"))
        ] + list(EXPERIENCE_LABELS.items())
        cast(forms.ChoiceField, self.fields["order"]).choices = list(ORDERS.items())
        if not kinds:
            del self.fields["kind"]

    def _value(self, name: str) -> Any:
        """A field's cleaned value; an invalid field counts as not set (its error is shown)."""
        if self.is_valid() or name not in self.errors:
            return self.cleaned_data.get(name)
        return None

    def filters(self) -> Filters:
        return Filters(
            kind=(self._value("kind") or "") if self.kinds else "",
            position=self._value("position") or "",
            experience=self._value("experience") or "",
        )

    def ordering(self) -> str:
        return self._value("order") or "name"

    def compare_id(self) -> int | None:
        return self._value("compare")
