"""Forms of the lesson-study cycle: the cycle, the map's stages, comments, case children,
predictions, guests and the round's schedule."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User

from ..models import CaseChild, MapStage
from ..selectors.lessons import ChildCard
from ..services.lessons import StageInput, looks_like_a_name

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_STAGE_MINUTES = 240


class CycleForm(forms.Form):
    title = forms.CharField(label=_("Topic of the lesson"), max_length=300)
    group = forms.CharField(
        label=_("Group or class"),
        max_length=100,
        help_text=_("E.g. «старшая группа „Б“», «3 А»."),
    )
    goal = forms.CharField(
        label=_("Research goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the group wants to learn about children's learning in this lesson."),
    )


class StageForm(forms.Form):
    title = forms.CharField(label=_("Stage"), max_length=300)
    minutes = forms.IntegerField(label=_("Time, minutes"), min_value=1, max_value=MAX_STAGE_MINUTES)
    activities = forms.CharField(
        label=_("What the teacher and the children do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected = forms.CharField(
        label=_("Expected responses of children"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class BaseStageFormSet(forms.BaseFormSet):
    def stages(self) -> list[StageInput]:
        """The filled stages in the order shown, those marked for removal left out."""
        kept = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            kept.append(
                StageInput(
                    title=data["title"],
                    minutes=data["minutes"],
                    activities=data.get("activities", ""),
                    expected=data.get("expected", ""),
                    source=data.get("source"),
                )
            )
        return kept


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=2, can_delete=True, max_num=30, absolute_max=30
)


def stage_formset(data: Any, stages: list[Any]) -> BaseStageFormSet:
    """The map's stages to edit: bound to ``data`` when posted, else filled from ``stages``."""
    initial = None if data is not None else stage_initial(stages)
    return cast(BaseStageFormSet, StageFormSet(data, initial=initial, prefix="stage"))


class MapNoteForm(forms.Form):
    """What changed and why, and the version the editor started from (to catch two editors)."""

    base = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    change_note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, note_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_note"].required = note_required
        if note_required:
            self.fields["change_note"].help_text = _(
                "Required: the whole group answers for the change."
            )


def stage_initial(stages: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "minutes": s.minutes,
            "activities": s.activities,
            "expected": s.expected,
            "source": s.pk,
        }
        for s in stages
    ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseChildForm(forms.Form):
    code = forms.CharField(
        label=_("Code or pseudonym"),
        max_length=20,
        help_text=_("E.g. «Р-1» or «Лиса». Never the child's name."),
        error_messages={"max_length": _("A code is at most 20 characters.")},
    )
    note = forms.CharField(
        label=_("What we know of the child's learning"), max_length=500, required=False
    )

    def clean_code(self) -> str:
        code = " ".join(self.cleaned_data["code"].split())
        if looks_like_a_name(code):
            raise forms.ValidationError(
                _(
                    "This looks like a name. Children are recorded by a code or pseudonym only "
                    "(«Р-1», «Лиса»): write one instead."
                )
            )
        return code


class PredictionsForm(forms.Form):
    """A field per case child and stage, named ``p-<child>-<stage>``."""

    def __init__(self, *args: Any, cards: list[ChildCard], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.cards = cards
        for card in cards:
            for stage, text in card.rows:
                self.fields[f"p-{card.child.pk}-{stage.pk}"] = forms.CharField(
                    label=stage.title,
                    required=False,
                    max_length=3000,
                    initial=text,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def card_fields(self) -> list[tuple[CaseChild, list[tuple[MapStage, BoundField]]]]:
        """The cards as the page shows them: a child, and a field per stage."""
        return [
            (
                card.child,
                [(stage, self[f"p-{card.child.pk}-{stage.pk}"]) for stage, _t in card.rows],
            )
            for card in self.cards
        ]

    def texts(self) -> dict[tuple[int, int], str]:
        out = {}
        for name, value in self.cleaned_data.items():
            _p, child, stage = name.split("-")
            out[(int(child), int(stage))] = value
        return out


class GuestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the guest's account"),
        help_text=_("A methodist or scientist from outside the community who has an account."),
    )


def _full_name(user: User) -> str:
    return user.get_full_name()


class ScheduleForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("Who teaches"), queryset=User.objects.none())
    starts_at = forms.DateTimeField(label=_("Date and time"), required=False, widget=DATETIME_LOCAL)

    def __init__(self, *args: Any, teachers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teacher"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teachers
        field.label_from_instance = _full_name  # type: ignore[method-assign,assignment]
