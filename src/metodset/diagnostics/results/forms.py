"""Forms of children's results: the import, a table typed in, a measurement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metodset.diagnostics.forms import SpreadsheetForm
from metodset.diagnostics.results.parsing import number_parse

if TYPE_CHECKING:
    from metodset.accounts.models import Organization, User


class ResultsImportForm(SpreadsheetForm):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None
    )
    teacher: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Teacher"),
        queryset=None,
        required=False,
        empty_label=_("— not named —"),
        help_text=_("Whose class or group; she will see the tables too."),
    )
    scale = forms.CharField(
        label=_("What the numbers are"),
        max_length=100,
        initial="% выполнения",
        help_text=_("E.g. «% выполнения», «средний балл», «% на высоком уровне»."),
    )

    field_order = ["organization", "teacher", "scale", "file"]

    def __init__(self, *args: Any, organizations: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first().pk
        self.fields["file"].help_text = _(
            "Columns: «Класс», «Предмет», «Область», «Дата», «Результат», «Детей». "
            "Dates as ДД.ММ.ГГГГ; decimals with a comma or a point."
        )
        if teachers is None:
            del self.fields["teacher"]
        else:
            cast(forms.ModelChoiceField, self.fields["teacher"]).queryset = teachers


class ResultsTableForm(forms.Form):
    """A table typed in by hand: the group or class and the subject; rows are added after."""

    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None
    )
    group = forms.CharField(label=_("Group or class"), max_length=100)
    subject = forms.CharField(label=_("Subject or educational field"), max_length=200)
    scale = forms.CharField(label=_("What the numbers are"), max_length=100, initial="% выполнения")

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first().pk


class ResultRowForm(forms.Form):
    area = forms.CharField(
        label=_("Area"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "result-areas"}),
    )
    measured_on = forms.DateField(
        label=_("Date"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    value = forms.CharField(label=_("Result"), max_length=20)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=1000, required=False)

    def clean_value(self) -> float:
        try:
            value = number_parse(self.cleaned_data["value"])
        except ValueError:
            raise ValidationError(_("Write a number, e.g. 72,5.")) from None
        if not -1000 <= value <= 1000:
            raise ValidationError(_("The result must be between −1000 and 1000."))
        return value
