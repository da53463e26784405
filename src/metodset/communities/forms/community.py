"""Forms of the community pages: founding, charter, goal, strategy, tactics, members, votes,
openness."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import Network, Organization, User

from ..models import Community, Member, Strategy, Tactic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class CommunityCreateForm(forms.Form):
    """Where the community lives: ``org-<id>`` or ``net-<id>``, among the viewer's choices."""

    kind = forms.ChoiceField(label=_("kind"), choices=Community.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=300)
    home = forms.ChoiceField(label=_("where the community works"))
    direction = forms.CharField(
        label=_("direction"),
        max_length=300,
        required=False,
        help_text=_("E.g. «Функциональная грамотность», «Работа с детьми с ОВЗ»."),
    )
    educational_areas = forms.CharField(
        label=_("educational areas"), max_length=500, required=False
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        networks: QuerySet[Network],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organizations = {f"org-{o.pk}": o for o in organizations.order_by("short_name")}
        self._networks = {f"net-{n.pk}": n for n in networks.order_by("name")}
        choices: list[Any] = []
        if self._organizations:
            org_label = str(_("In an organisation"))
            choices.append((org_label, [(k, o.short_name) for k, o in self._organizations.items()]))
        if self._networks:
            net_label = str(_("Across the partners of a network"))
            choices.append((net_label, [(k, n.name) for k, n in self._networks.items()]))
        self.fields["home"].choices = choices  # type: ignore[attr-defined]

    def chosen_home(self) -> tuple[Organization | None, Network | None]:
        key = self.cleaned_data["home"]
        return self._organizations.get(key), self._networks.get(key)


class CharterForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["idea", "vision", "values", "line_of_change", "direction", "educational_areas"]
        widgets = {"idea": TEXT, "vision": TEXT, "values": TEXT, "line_of_change": TEXT}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["goal", "goal_measure", "strategy_note"]
        widgets = {"goal": TEXT, "strategy_note": TEXT}


class StrategySearchForm(forms.Form):
    q = forms.CharField(label=_("Search by the children's difficulty"), required=False)


class StrategyChooseForm(forms.Form):
    strategy = forms.ModelChoiceField(
        label=_("strategy"),
        queryset=Strategy.objects.none(),
        error_messages={"invalid_choice": _("Choose a strategy from the library.")},
    )

    def __init__(self, *args: Any, library: QuerySet[Strategy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = library  # type: ignore[attr-defined]


class StrategyAddForm(forms.ModelForm):
    network = forms.ModelChoiceField(
        label=_("the library of the network"), queryset=Network.objects.none(), empty_label=None
    )

    class Meta:
        model = Strategy
        fields = ["problem", "strategy", "description", "network"]
        widgets = {"description": TEXT}

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]


class TacticForm(forms.ModelForm):
    responsible = forms.ModelMultipleChoiceField(
        label=_("responsible"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Tactic
        fields = ["action", "resources", "responsible", "starts_on", "due_on"]
        widgets = {"starts_on": DATE, "due_on": DATE}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            community_memberships__community=community
        ).order_by("last_name", "first_name", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, due_on = data.get("starts_on"), data.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The end date is before the start date."))
        return data


class DoneForm(forms.Form):
    done = forms.BooleanField(required=False)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("This person cannot be added to the community.")},
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("e-mail of the specialist's account"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("role"),
        choices=[
            (Member.Role.MEMBER, Member.Role.MEMBER.label),
            (Member.Role.ADMINISTRATOR, Member.Role.ADMINISTRATOR.label),
            (Member.Role.INVITED, Member.Role.INVITED.label),
        ],
    )


class VoteForm(forms.Form):
    candidate = forms.ModelChoiceField(
        label=_("I vote for"),
        queryset=Member.objects.none(),
        error_messages={"invalid_choice": _("Choose a member of the community.")},
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            community=community
        ).select_related("user")
        self.fields["candidate"].label_from_instance = lambda m: str(m.user)  # type: ignore[attr-defined]


class OpennessForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["openness"]
        widgets = {"openness": forms.RadioSelect}
