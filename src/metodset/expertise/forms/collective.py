"""The collective product's title page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CollectiveProduct


class CollectiveProductForm(forms.ModelForm):
    class Meta:
        model = CollectiveProduct
        fields = ["title", "kind", "editors", "introduction"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "editors": _("As printed on the title page: «Составители: …»."),
        }
