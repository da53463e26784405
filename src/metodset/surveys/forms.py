"""Forms of the questionnaire builder and of its distribution."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization, User
from metodset.accounts.permissions import staff_organization_ids
from metodset.core import audiences

from . import permissions
from .answering import LocalDecimalField
from .models import SCALE_RANGES, Question, Questionnaire, Section

Kind = Question.Kind
MAX_OPTIONS = 50
MAX_ROWS = 30
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class OwnerMixin:
    """The organisation and/or network a questionnaire belongs to, among the user's own."""

    fields: dict[str, forms.Field]
    user: User

    def _owner_fields(self, user: User, questionnaire: Questionnaire | None = None) -> None:
        self.user = user
        organizations = permissions.owner_organizations(user)
        networks = permissions.owner_networks(user)
        org_field = cast(forms.ModelChoiceField, self.fields["organization"])
        net_field = cast(forms.ModelChoiceField, self.fields["network"])
        org_field.queryset = organizations
        net_field.queryset = networks
        if questionnaire is None:
            # A coordinator usually asks their network; a methodist, their organisation.
            first_network = networks.first()
            staff = sorted(staff_organization_ids(user))
            if first_network is not None:
                net_field.initial = first_network.pk
            elif staff:
                org_field.initial = staff[0]
        if not networks.exists() and not (questionnaire and questionnaire.network_id):
            del self.fields["network"]

    def _clean_owner(self, data: dict[str, Any]) -> None:
        if not data.get("organization") and not data.get("network") and not self.user.is_superuser:
            self.add_error(  # type: ignore[attr-defined]
                "organization", _("Choose the organisation or network the questionnaire is for.")
            )


class QuestionnaireCreateForm(OwnerMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous questionnaire: answers are not linked to people"), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner_fields(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_owner(data)
        return data


class TemplateCopyForm(OwnerMixin, forms.Form):
    """One click: the template's key (the button pressed) and the owner (preselected)."""

    template = forms.CharField(max_length=40)
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner_fields(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_owner(data)
        return data


class QuestionnaireSettingsForm(OwnerMixin, forms.ModelForm):
    opens_at = _datetime_field(
        _("Accepts answers from"), _("Empty: as soon as it is opened. Your time zone.")
    )
    closes_at = _datetime_field(_("Accepts answers until"), _("Empty: until it is closed."))
    remind_at = _datetime_field(
        _("Automatic reminder"),
        _("At this time those invited who have not answered get a reminder by e-mail."),
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "intro",
            "organization",
            "network",
            "anonymous",
            "opens_at",
            "closes_at",
            "remind_at",
            "public_link_enabled",
            "public_hourly_limit",
            "thanks",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "thanks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, answered: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owner_fields(user, self.instance)
        if answered:  # the service refuses the change; say so before anyone tries
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _(
                "People have already answered on these terms, so this cannot be changed."
            )
        self.fields["public_hourly_limit"].widget.attrs.update({"min": 1, "max": 10000})

    def clean_public_hourly_limit(self) -> int:
        value = self.cleaned_data["public_hourly_limit"]
        if not 1 <= value <= 10000:
            raise forms.ValidationError(_("From 1 to 10,000 answers an hour."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_owner(data)
        opens, closes, remind = data.get("opens_at"), data.get("closes_at"), data.get("remind_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The end must be later than the start."))
        if remind:
            if remind != self.instance.remind_at and remind < timezone.now():
                self.add_error("remind_at", _("This time has already passed."))
            elif closes and remind >= closes:
                self.add_error("remind_at", _("The reminder must come before the end."))
            elif opens and remind <= opens:
                self.add_error("remind_at", _("The reminder must come after the start."))
        return data

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


SCALE_CHOICES = [(f"{lo}-{hi}", f"{lo}–{hi}") for lo, hi in SCALE_RANGES]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    """A question with the fields of its kind; ``question_fields()`` gives the model's values."""

    kind = forms.ChoiceField(label=_("Kind of question"), choices=Kind.choices)
    text = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = forms.CharField(label=_("Hint under the question"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required question"), required=False, initial=True)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("— without a section —"),
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    rows = forms.CharField(
        label=_("Rows of the table, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    matrix_columns = forms.ChoiceField(
        label=_("Columns of the table"),
        choices=[("scale", _("a scale")), ("options", _("my own columns"))],
        initial="scale",
        widget=forms.RadioSelect,
        required=False,
    )
    scale = forms.ChoiceField(
        label=_("Scale"), choices=SCALE_CHOICES, initial="1-5", required=False
    )
    scale_min_label = forms.CharField(
        label=_("Label of the lowest value"), max_length=100, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Label of the highest value"), max_length=100, required=False
    )
    number_min = LocalDecimalField(
        label=_("Smallest allowed number"), required=False, max_digits=14, decimal_places=4
    )
    number_max = LocalDecimalField(
        label=_("Largest allowed number"), required=False, max_digits=14, decimal_places=4
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["section"]
        ).queryset = questionnaire.sections.order_by("order", "pk")
        self.fields["options"].help_text = _("At least two; at most %(n)s.") % {"n": MAX_OPTIONS}

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "section": question.section_id,
            "options": "\n".join(question.options),
            "rows": "\n".join(question.rows),
            "matrix_columns": "options" if question.options else "scale",
            "scale": f"{question.scale_min}-{question.scale_max}"
            if question.scale_min is not None
            else "1-5",
            "scale_min_label": question.scale_min_label,
            "scale_max_label": question.scale_max_label,
            "number_min": question.number_min,
            "number_max": question.number_max,
        }

    def current_kind(self) -> str:
        kind = self["kind"].value()
        return kind if kind in Kind.values else Kind.SINGLE

    def _check_list(self, name: str, values: list[str], minimum: int, maximum: int) -> None:
        if len(values) < minimum:
            message = (
                _("Give at least two options, one per line.")
                if name == "options"
                else _("Give at least one row.")
            )
            self.add_error(name, message)
        elif len(values) > maximum:
            self.add_error(name, _("At most %(n)s lines.") % {"n": maximum})
        elif too_long := [v for v in values if len(v) > 300]:
            self.add_error(name, _("A line is too long: «%(line)s…»") % {"line": too_long[0][:40]})
        elif len(set(values)) != len(values):
            repeated = next(v for v in values if values.count(v) > 1)
            self.add_error(name, _("«%(line)s» is repeated.") % {"line": repeated})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        options, rows = _lines(data.get("options", "")), _lines(data.get("rows", ""))
        data["options_list"], data["rows_list"] = options, rows
        if kind in Question.CHOICE_KINDS:
            self._check_list("options", options, 2, MAX_OPTIONS)
        if kind == Kind.MATRIX:
            self._check_list("rows", rows, 1, MAX_ROWS)
            if data.get("matrix_columns") == "options":
                self._check_list("options", options, 2, MAX_OPTIONS)
        lo, hi = data.get("number_min"), data.get("number_max")
        if kind == Kind.NUMBER and lo is not None and hi is not None and lo >= hi:
            self.add_error("number_max", _("Must be greater than the smallest number."))
        return data

    def question_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        matrix_options = kind == Kind.MATRIX and data.get("matrix_columns") == "options"
        uses_scale = kind == Kind.SCALE or (kind == Kind.MATRIX and not matrix_options)
        lo, hi = (int(x) for x in (data.get("scale") or "1-5").split("-"))
        return {
            "kind": kind,
            "text": data["text"].strip(),
            "help_text": data["help_text"].strip(),
            "required": data["required"],
            "section": data["section"],
            "options": data["options_list"]
            if kind in Question.CHOICE_KINDS or matrix_options
            else [],
            "rows": data["rows_list"] if kind == Kind.MATRIX else [],
            "scale_min": lo if uses_scale else None,
            "scale_max": hi if uses_scale else None,
            "scale_min_label": data["scale_min_label"].strip() if uses_scale else "",
            "scale_max_label": data["scale_max_label"].strip() if uses_scale else "",
            "number_min": data.get("number_min") if kind == Kind.NUMBER else None,
            "number_max": data.get("number_max") if kind == Kind.NUMBER else None,
        }


class DistributeForm(forms.Form):
    """Whom to send the questionnaire to: one audience offered by the apps (``core.audiences``)."""

    audience = forms.ChoiceField(label=_("Send to"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.groups: list[tuple[str, list[tuple[str, str]]]] = []
        for audience, options in audiences.available(user):
            label = str(audience.label)
            self.groups.append(
                (
                    label[:1].upper() + label[1:],
                    [(f"{audience.kind}:{key}", name) for key, name in options],
                )
            )
        cast(forms.ChoiceField, self.fields["audience"]).choices = [
            ("", _("— choose whom —")),
            *self.groups,
        ]

    def kind_and_key(self) -> tuple[str, str]:
        kind, _sep, key = self.cleaned_data["audience"].partition(":")
        return kind, key
