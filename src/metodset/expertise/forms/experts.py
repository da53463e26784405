"""An expert's profile: competence as printed in conclusions, subjects, load."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ExpertProfile


class ExpertProfileForm(forms.ModelForm):
    class Meta:
        model = ExpertProfile
        fields = ["competence", "subjects", "max_load", "available"]
        help_texts = {
            "subjects": _(
                "Comma-separated: subjects, levels and topics you can examine, e.g. "
                "«математика, начальная школа, функциональная грамотность»."
            ),
        }

    def clean_max_load(self) -> int:
        value = self.cleaned_data["max_load"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("From 1 to 100 reviews."))
        return value


class ExpertSearchForm(forms.Form):
    q = forms.CharField(label=_("Find"), required=False, max_length=100)
