"""A community's members: the page where coordinators add and invite people, leaving,
removing, roles, and the members' vote for the chair."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..forms.community import InviteForm, MemberAddForm, PersonSearchForm, RoleForm, VoteForm
from ..models import Community
from ..selectors import community as selectors
from ..services import members as services

PEOPLE_SHOWN = 30


def _members_context(
    request: AuthenticatedRequest, community: Community, **forms: Any
) -> dict[str, Any]:
    search = PersonSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    people = selectors.search_people(selectors.addable_people(community), query)
    return {
        "community": community,
        "search": search,
        "people": list(people[:PEOPLE_SHOWN]),
        "add_form": forms.get("add_form"),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "members": selectors.community_page(community, request.user).members,
        "role_form": RoleForm(),
    }


@login_required
def members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Coordinators add people of the community's home (search by name) or invite by e-mail."""
    community = permissions.community_for_coordinator(viewer=request.user, pk=pk)
    return render(
        request, "communities/community_members.html", _members_context(request, community)
    )


def _refused(
    request: AuthenticatedRequest, community: Community, form_name: str, form: Any
) -> HttpResponse:
    context = _members_context(request, community, **{form_name: form})
    return render(request, "communities/community_members.html", context, status=400)


@login_required
@require_POST
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = permissions.community_for_coordinator(viewer=request.user, pk=pk)
    form = MemberAddForm(request.POST, people=selectors.addable_people(community))
    if not form.is_valid():
        return _refused(request, community, "add_form", form)
    services.member_add(community=community, user=form.cleaned_data["person"], by=request.user)
    messages.success(
        request, _("%(name)s joined the community.") % {"name": form.cleaned_data["person"]}
    )
    return redirect("communities:members", pk=community.pk)


@login_required
@require_POST
def member_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An invited specialist from elsewhere, by the e-mail of her existing account."""
    community = permissions.community_for_coordinator(viewer=request.user, pk=pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            member = services.member_invite(
                community=community, email=form.cleaned_data["email"], by=request.user
            )
        except services.MemberError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("%(name)s joined the community.") % {"name": member.user})
            return redirect("communities:members", pk=community.pk)
    return _refused(request, community, "invite_form", form)


@login_required
@require_POST
def member_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    member = permissions.member_of(request.user, community)
    assert member is not None  # community_for_member made sure
    try:
        services.member_leave(member=member, by=request.user)
    except services.MemberError as error:
        messages.error(request, str(error))
        return redirect("communities:detail", pk=community.pk)
    messages.success(request, _("You left the community."))
    return redirect("communities:list")


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = permissions.member_for_coordinator(viewer=request.user, pk=member_id)
    try:
        services.member_remove(member=member, by=request.user)
    except services.MemberError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": member.user})
    return redirect("communities:members", pk=member.community_id)


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    """A coordinator appoints an administrator (or makes her a member again)."""
    member = permissions.member_for_coordinator(viewer=request.user, pk=member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, member.community, "role_form", form)
    try:
        services.member_role_set(member=member, role=form.cleaned_data["role"], by=request.user)
    except services.MemberError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("communities:members", pk=member.community_id)


@login_required
@require_POST
def vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A member's vote for the chair; more than half of the members elect her."""
    community = permissions.community_for_member(viewer=request.user, pk=pk)
    voter = permissions.member_of(request.user, community)
    assert voter is not None
    form = VoteForm(request.POST, community=community)
    if not form.is_valid():
        messages.error(request, _("Choose a member of the community."))
        return redirect("communities:detail", pk=community.pk)
    elected = services.coordinator_vote(
        voter=voter, candidate=form.cleaned_data["candidate"], by=request.user
    )
    if elected is not None:
        messages.success(request, _("%(name)s is elected chair.") % {"name": elected.user})
    else:
        messages.success(request, _("Your vote is counted."))
    return redirect("communities:detail", pk=community.pk)
