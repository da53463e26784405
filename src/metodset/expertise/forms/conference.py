"""Forms of the conference pages: the conference, a section, a defence's slot, the jury's
protocol, an article's inclusion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, User
from metodset.programs.models import Program

from ..models import Conference, Criterion, Defence, Item, Rubric
from ..selectors.rubrics import rubric_choices

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def network_people(network: Network) -> QuerySet[User]:
    """People of the network: its own members and the staff and teachers of its partners."""
    return (
        User.objects.filter(
            Q(memberships__network=network)
            | Q(memberships__organization__partnerships__network=network),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class ConferenceForm(forms.Form):
    network = forms.ModelChoiceField(label=_("network"), queryset=Network.objects.none())
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("description"), required=False, widget=TEXT, max_length=5000
    )
    starts_at = forms.DateTimeField(label=_("starts"), widget=DATETIME_LOCAL)
    ends_at = forms.DateTimeField(label=_("ends"), widget=DATETIME_LOCAL)
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )
    program = forms.ModelChoiceField(
        label=_("programme"), queryset=Program.objects.none(), required=False
    )
    rubric = forms.ModelChoiceField(label=_("rubric"), queryset=Rubric.objects.none())
    defence_required = forms.BooleanField(
        label=_("completing the programme needs a passed defence"), required=False
    )

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        self.fields["program"].queryset = Program.objects.filter(  # type: ignore[attr-defined]
            network__in=networks
        ).order_by("title")
        self.fields["rubric"].queryset = rubric_choices(  # type: ignore[attr-defined]
            networks.values_list("pk", flat=True)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The conference ends before it starts."))
        network, program = data.get("network"), data.get("program")
        if network and program and program.network_id != network.pk:
            self.add_error("program", _("The programme is of another network."))
        return data


class SectionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    moderator = forms.ModelChoiceField(
        label=_("moderator"), queryset=User.objects.none(), required=False
    )
    jury = forms.ModelMultipleChoiceField(
        label=_("jury"), queryset=User.objects.none(), required=False
    )
    rubric = forms.ModelChoiceField(
        label=_("rubric"),
        queryset=Rubric.objects.none(),
        required=False,
        help_text=_("Empty: the rubric of the call for papers."),
    )
    room = forms.CharField(label=_("room"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = network_people(conference.network)
        self.fields["moderator"].queryset = people  # type: ignore[attr-defined]
        self.fields["jury"].queryset = people  # type: ignore[attr-defined]
        self.fields["rubric"].queryset = rubric_choices(  # type: ignore[attr-defined]
            [conference.network_id]
        )


class DefenceForm(forms.Form):
    item = forms.ModelChoiceField(label=_("development"), queryset=Item.objects.none())
    starts_at = forms.DateTimeField(label=_("starts"), widget=DATETIME_LOCAL)
    talk_minutes = forms.IntegerField(label=_("talk, minutes"), min_value=1, max_value=60)
    questions_minutes = forms.IntegerField(label=_("questions, minutes"), min_value=0, max_value=60)

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"talk_minutes": 7, "questions_minutes": 3})
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(campaign__network=conference.network).exclude(
            status__in=[Item.Status.DRAFT, Item.Status.WITHDRAWN, Item.Status.REJECTED]
        )
        if conference.call_for_papers_id is not None:
            call = Q(campaign_id=conference.call_for_papers_id)
            items = items.filter(call | Q(campaign__program_id=conference.program_id))
        self.fields["item"].queryset = items.order_by("title")  # type: ignore[attr-defined]


class ProtocolForm(forms.Form):
    """A score per criterion of the section's rubric, the decision and a comment."""

    decision = forms.ChoiceField(
        label=_("decision"), choices=Defence.Result.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=TEXT, max_length=5000)

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.title,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("from 0 to %(max)s") % {"max": criterion.max_score},
            )
        self.order_fields([f"c{c.pk}" for c in criteria] + ["decision", "comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ArticleIncludeForm(forms.Form):
    """Where to include an accepted article: ``library`` or a conference's proceedings."""

    target = forms.ChoiceField(label=_("include into"))

    def __init__(self, *args: Any, conferences: QuerySet[Conference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._conferences = {str(c.pk): c for c in conferences}
        choices: list[tuple[str, Any]] = [("library", _("the library"))]
        choices += [(key, str(c)) for key, c in self._conferences.items()]
        self.fields["target"].choices = choices  # type: ignore[attr-defined]

    def conference(self) -> Conference | None:
        return self._conferences.get(self.cleaned_data["target"])
