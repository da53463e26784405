"""The community itself: my communities, a network's directory, founding a community, its
page, the charter, goal, strategy and tactics, and its openness."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest
from metodset.core.fields import id_or_none

from .. import permissions, sections
from ..forms.community import (
    CharterForm,
    CommunityCreateForm,
    DoneForm,
    GoalForm,
    OpennessForm,
    StrategyAddForm,
    StrategyChooseForm,
    StrategySearchForm,
    TacticForm,
    VoteForm,
)
from ..models import Community, Tactic
from ..selectors import community as selectors
from ..services import community as services


@login_required
def community_list(request: AuthenticatedRequest) -> HttpResponse:
    """«Мои сообщества», then the communities opened to the viewer."""
    user = request.user
    return render(
        request,
        "communities/community_list.html",
        {
            "mine": selectors.my_communities(user),
            "opened": list(selectors.opened_communities(user)[:100]),
            "can_create": permissions.can_create_community(user),
            "has_networks": bool(roles.member_network_ids(user)) or user.is_superuser,
        },
    )


@login_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    """A network's communities by direction (``?network=`` among the viewer's networks)."""
    networks = list(roles.visible_networks(request.user).order_by("name"))
    if not networks:
        raise Http404
    wanted = id_or_none(request.GET.get("network"))
    network = next((n for n in networks if n.pk == wanted), networks[0])
    return render(
        request,
        "communities/directory.html",
        {
            "networks": networks,
            "network": network,
            "communities": selectors.network_communities(network, request.user),
        },
    )


@login_required
def community_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = CommunityCreateForm(
        request.POST or None,
        organizations=permissions.creatable_organizations(user),
        networks=permissions.creatable_networks(user),
    )
    if not form.fields["home"].choices:  # type: ignore[attr-defined]
        raise Http404
    if request.method == "POST" and form.is_valid():
        organization, network = form.chosen_home()
        data = form.cleaned_data
        community = services.community_create(
            name=data["name"],
            kind=data["kind"],
            organization=organization,
            network=network,
            direction=data["direction"],
            educational_areas=data["educational_areas"],
            by=user,
        )
        messages.success(request, _("The community is founded: you are its chair."))
        return redirect("communities:detail", pk=community.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "communities/community_create.html", {"form": form}, status=status)


def _page_context(request: AuthenticatedRequest, community: Community) -> dict[str, Any]:
    page = selectors.community_page(community, request.user)
    me = next((m for m in page.members if m.user_id == request.user.pk), None)
    return {
        "community": community,
        "page": page,
        "me": me,
        "is_coordinator": me is not None and me.is_coordinator,
        "majority": len(page.members) // 2 + 1,
        "vote_form": VoteForm(initial={"candidate": page.my_vote}, community=community),
        "openness_form": OpennessForm(instance=community),
        "sections": sections.for_page(request, community),
    }


@login_required
def community_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = permissions.community_for_viewer(viewer=request.user, pk=pk)
    return render(request, "communities/community_detail.html", _page_context(request, community))


@login_required
@require_POST
def community_openness(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Coordinators open the community's records (or close them again)."""
    community = permissions.community_for_coordinator(viewer=request.user, pk=pk)
    form = OpennessForm(request.POST, instance=Community.objects.get(pk=community.pk))
    if not form.is_valid():
        context = _page_context(request, community) | {"openness_form": form}
        return render(request, "communities/community_detail.html", context, status=400)
    services.community_openness_set(
        community=community, openness=form.cleaned_data["openness"], by=request.user
    )
    messages.success(request, _("Saved."))
    return redirect("communities:detail", pk=community.pk)


def _edit(request: AuthenticatedRequest, pk: int, form_class: type, title: str) -> Any:
    """The community and its bound form for the charter and goal pages (members only)."""
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    instance = Community.objects.get(pk=community.pk)  # the form must not touch the original
    form = form_class(request.POST or None, instance=instance)
    context = {"community": community, "form": form, "title": title}
    return community, form, context


@login_required
def charter_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The charter (idea, vision, values) and the line of change: any member edits them."""
    community, form, context = _edit(request, pk, CharterForm, _("Charter and line of change"))
    if request.method == "POST" and form.is_valid():
        services.community_charter_update(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("communities:detail", pk=community.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "communities/community_edit.html", context, status=status)


@login_required
def goal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The goal with its measure, and how the strategy is applied."""
    community, form, context = _edit(request, pk, GoalForm, _("Goal and strategy"))
    if request.method == "POST" and form.is_valid():
        services.community_goal_update(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("communities:detail", pk=community.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "communities/community_edit.html", context, status=status)


# --- strategy -----------------------------------------------------------------------------------


def _strategy_context(
    request: AuthenticatedRequest, community: Community, **forms: Any
) -> dict[str, Any]:
    search = StrategySearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    networks = selectors.community_networks(community).order_by("name")
    return {
        "community": community,
        "search": search,
        "pairs": list(selectors.strategy_library(community, query)[:50]),
        "add_form": forms.get("add_form") or StrategyAddForm(networks=networks),
        "choose_form": forms.get("choose_form"),
        "has_networks": networks.exists(),
    }


@login_required
def strategy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The library of «problem → strategy» pairs, searched by the children's difficulty."""
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    return render(
        request, "communities/community_strategy.html", _strategy_context(request, community)
    )


@login_required
@require_POST
def strategy_choose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    form = StrategyChooseForm(request.POST, library=selectors.strategy_library(community))
    if not form.is_valid():
        context = _strategy_context(request, community, choose_form=form)
        return render(request, "communities/community_strategy.html", context, status=400)
    services.community_strategy_choose(
        community=community, strategy=form.cleaned_data["strategy"], by=request.user
    )
    messages.success(request, _("The strategy is chosen."))
    return redirect("communities:detail", pk=community.pk)


@login_required
@require_POST
def strategy_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The community's own pair, added to its network's library and chosen."""
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    form = StrategyAddForm(request.POST, networks=selectors.community_networks(community))
    if not form.is_valid():
        context = _strategy_context(request, community, add_form=form)
        return render(request, "communities/community_strategy.html", context, status=400)
    services.strategy_add(community=community, by=request.user, **form.cleaned_data)
    messages.success(request, _("The pair is added to the network's library and chosen."))
    return redirect("communities:detail", pk=community.pk)


# --- tactics ------------------------------------------------------------------------------------


@login_required
def tactic_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    form = TacticForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        services.tactic_add(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("The action is added."))
        return redirect("communities:detail", pk=community.pk)
    status = 400 if request.method == "POST" else 200
    context = {"community": community, "form": form, "title": _("A new action")}
    return render(request, "communities/community_edit.html", context, status=status)


@login_required
def tactic_edit(request: AuthenticatedRequest, tactic_id: int) -> HttpResponse:
    tactic = permissions.tactic_for_member(viewer=request.user, pk=tactic_id)
    community = tactic.community
    form = TacticForm(
        request.POST or None, instance=Tactic.objects.get(pk=tactic.pk), community=community
    )
    if request.method == "POST" and form.is_valid():
        services.tactic_update(tactic=tactic, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("communities:detail", pk=community.pk)
    status = 400 if request.method == "POST" else 200
    context = {"community": community, "form": form, "title": _("Edit the action")}
    return render(request, "communities/community_edit.html", context, status=status)


@login_required
@require_POST
def tactic_done(request: AuthenticatedRequest, tactic_id: int) -> HttpResponse:
    tactic = permissions.tactic_for_member(viewer=request.user, pk=tactic_id)
    form = DoneForm(request.POST)
    done = form.is_valid() and form.cleaned_data["done"]
    services.tactic_done_set(tactic=tactic, done=done, by=request.user)
    return redirect("communities:detail", pk=tactic.community_id)


@login_required
@require_POST
def tactic_delete(request: AuthenticatedRequest, tactic_id: int) -> HttpResponse:
    tactic = permissions.tactic_for_member(viewer=request.user, pk=tactic_id)
    services.tactic_delete(tactic=tactic, by=request.user)
    messages.success(request, _("The action is deleted."))
    return redirect("communities:detail", pk=tactic.community_id)
