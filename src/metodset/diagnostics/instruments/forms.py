"""Forms of the instruments: building a test, taking it, an observation protocol."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metodset.diagnostics.instruments.keys import MAX_POINTS, key_parse, options_parse
from metodset.diagnostics.models import Framework, Indicator, Test, TestItem

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import StrOrPromise


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
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["framework"]).queryset = frameworks
        choices: list[tuple[str, StrOrPromise]] = [(f"org:{o.pk}", str(o)) for o in organizations]
        choices += [(f"net:{n.pk}", str(n)) for n in networks]
        if allow_platform:
            choices.append(("platform", _("— the whole platform —")))
        cast(forms.ChoiceField, self.fields["owner"]).choices = choices
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
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=MAX_POINTS, initial=1)

    def __init__(self, *args: Any, test: Test, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]; cast to the kind declared above.
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = Indicator.objects.filter(
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
        return options_parse(self.cleaned_data["options"])

    def clean_key(self) -> list[int]:
        try:
            return key_parse(self.cleaned_data["key"])
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


NOT_OBSERVED = ""


NOT_APPLICABLE = "na"


class ObservationForm(forms.Form):
    """An observation protocol: the lesson, a level per indicator, a conclusion.

    Each indicator may be left «не наблюдалось» (not scored) or marked «не применимо».
    """

    subject = forms.CharField(
        label=_("Lesson or event"),
        max_length=300,
        help_text=_("E.g. «Урок математики, 5 А: дроби»."),
    )
    observed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=_("Conclusion and recommendations"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, framework: Framework, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, StrOrPromise]] = [(NOT_OBSERVED, _("not observed"))]
        choices += [(str(lv["value"]), f"{lv['value']} — {lv['label']}") for lv in framework.levels]
        choices += [(NOT_APPLICABLE, _("not applicable"))]
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"i{indicator.pk}"] = forms.ChoiceField(
                label=f"{indicator.code} {indicator.text}", choices=choices, required=False
            )

    def indicator_fields(self) -> list[tuple[Any, Any]]:
        return [(i, self[f"i{i.pk}"]) for i in self.indicators]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.values():
            raise forms.ValidationError(_("Rate at least one indicator you observed."))
        return data

    def values(self) -> dict[int, Decimal | None]:
        out: dict[int, Decimal | None] = {}
        for indicator in self.indicators:
            raw = self.cleaned_data.get(f"i{indicator.pk}", NOT_OBSERVED)
            if raw == NOT_OBSERVED:
                continue
            out[indicator.pk] = None if raw == NOT_APPLICABLE else Decimal(raw)
        return out
