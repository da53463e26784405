"""Forms of the instruments: building a test, taking it, and children's results."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metodset.core import uploads

from . import instruments
from .models import Framework, Indicator, Test, TestItem


class TestCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    owner = forms.ChoiceField(
        label=_("Whose test"),
        help_text=_("The methodists of the organisation or the network's coordinators edit it."),
    )
    description = forms.CharField(
        label=_("Instruction for the participants"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, frameworks: Any, organizations: Any, networks: Any,
                 allow_platform: bool, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks
        choices = [(f"org:{o.pk}", str(o)) for o in organizations]
        choices += [(f"net:{n.pk}", str(n)) for n in networks]
        if allow_platform:
            choices.append(("platform", _("— the whole platform —")))
        self.fields["owner"].choices = choices
        self._organizations = {str(o.pk): o for o in organizations}
        self._networks = {str(n.pk): n for n in networks}

    def owner_objects(self) -> dict[str, Any]:
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        if kind == "org":
            return {"organization": self._organizations[pk]}
        if kind == "net":
            return {"network": self._networks[pk]}
        return {}


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        text = obj.text if len(obj.text) <= 110 else obj.text[:107] + "…"
        return f"{obj.code} {text}"


class ItemForm(forms.Form):
    """An item: its options one per line, the key as option numbers («2» or «1; 3»)."""

    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        help_text=_("What the item checks; its points count towards this indicator."),
    )
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line."),
    )
    key = forms.CharField(
        label=_("Correct options"),
        max_length=60,
        help_text=_("The numbers of the correct options: «2», or «1; 3» when several are correct."),
    )
    points = forms.IntegerField(
        label=_("Points"), min_value=1, max_value=instruments.MAX_POINTS, initial=1
    )

    def __init__(self, *args: Any, test: Test, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            framework_id=test.framework_id
        ).order_by("competency__area__order", "competency__order", "order", "pk")

    @classmethod
    def initial_of(cls, item: TestItem) -> dict[str, Any]:
        return {
            "indicator": item.indicator_id,
            "text": item.text,
            "options": "\n".join(item.options),
            "key": "; ".join(str(k + 1) for k in item.key),
            "points": item.points,
        }

    def clean_options(self) -> list[str]:
        return instruments.options_parse(self.cleaned_data["options"])

    def clean_key(self) -> list[int]:
        try:
            return instruments.key_parse(self.cleaned_data["key"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("indicator", "text", "options", "key", "points")}

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class SpreadsheetForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        uploads.size_check(upload, limit=instruments.MAX_IMPORT_BYTES)
        if uploads.extension(upload) not in ("xlsx", "csv"):
            raise ValidationError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))
        if uploads.extension(upload) == "xlsx" and not uploads.head(upload).startswith(b"PK"):
            raise ValidationError(_("The file is not a valid XLSX workbook."))
        return upload


class TestTakeForm(forms.Form):
    """One field per item: radio buttons for one correct option, check boxes for several."""

    def __init__(self, *args: Any, items: list[TestItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            choices = [(str(i), option) for i, option in enumerate(item.options)]
            multiple = len(item.key) > 1
            field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
            widget = forms.CheckboxSelectMultiple if multiple else forms.RadioSelect
            field = field_class(
                label=f"{number}. {item.text}",
                choices=choices,
                widget=widget(attrs={"class": "form-check-input"}),
                help_text=_("Choose all the correct options.") if multiple else "",
                error_messages={"required": _("Choose an answer.")},
            )
            self.fields[f"item_{item.pk}"] = field

    def answers(self) -> dict[int, list[int]]:
        out = {}
        for item in self.items:
            value = self.cleaned_data.get(f"item_{item.pk}")
            values = value if isinstance(value, list) else [value]
            out[item.pk] = [int(v) for v in values if v not in (None, "")]
        return out

    def bound_items(self) -> list[tuple[TestItem, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"]) for item in self.items]


class ResultsImportForm(SpreadsheetForm):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    teacher = forms.ModelChoiceField(
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
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first().pk
        self.fields["file"].help_text = _(
            "Columns: «Класс», «Предмет», «Область», «Дата», «Результат», «Детей». "
            "Dates as ДД.ММ.ГГГГ; decimals with a comma or a point."
        )
        if teachers is None:
            del self.fields["teacher"]
        else:
            self.fields["teacher"].queryset = teachers


class ResultsTableForm(forms.Form):
    """A table typed in by hand: the group or class and the subject; rows are added after."""

    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    group = forms.CharField(label=_("Group or class"), max_length=100)
    subject = forms.CharField(label=_("Subject or educational field"), max_length=200)
    scale = forms.CharField(label=_("What the numbers are"), max_length=100, initial="% выполнения")

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
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
            value = instruments.number_parse(self.cleaned_data["value"])
        except ValueError:
            raise ValidationError(_("Write a number, e.g. 72,5.")) from None
        if not -1000 <= value <= 1000:
            raise ValidationError(_("The result must be between −1000 and 1000."))
        return value
