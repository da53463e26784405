"""Writes of a community's members: adding, inviting, leaving, removing, roles and the
election of the chair. The audit log names people by id: it outlives their data.

Rules a coordinator will ask about:
- people are added from the community's organisation (for a network community, from the
  network's partners and the network itself); a specialist from elsewhere is invited by the
  e-mail of her existing account, as «приглашённый специалист»; no account is ever created here;
- a community never stays without a coordinator by someone's leaving: the last coordinator
  hands over first (appoints an administrator, or the members elect a new chair);
- each member votes for one member (herself included: in a community of two, the two must
  agree); the vote can be changed; when one member has the votes of more than half of the
  members she becomes the chair, and the previous chair becomes a member.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import choice_change
from metodset.accounts.models import User

from ..models import Community, CoordinatorVote, Member
from .community import community_audit

Role = Member.Role


class MemberError(Exception):
    """A refusal the person should read (in Russian)."""


def _coordinators_left(community: Community, *, without: Member) -> int:
    return (
        Member.objects.filter(community=community, role__in=Member.COORDINATORS)
        .exclude(pk=without.pk)
        .count()
    )


def member_add(*, community: Community, user: User, role: str = Role.MEMBER, by: User) -> Member:
    """Add a person (already checked to be one who may be added) to the community."""
    if Member.objects.filter(community=community, user=user).exists():
        raise MemberError(_("This person is already a member of the community."))
    with transaction.atomic():
        member = Member.objects.create(community=community, user=user, role=role)
        community_audit(
            community=community,
            by=by,
            action="community.member_add",
            changes={"member": [None, user.pk], "role": choice_change(Role, None, role)},
        )
    return member


def member_invite(*, community: Community, email: str, by: User) -> Member:
    """Invite a specialist from elsewhere by the e-mail of her account."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise MemberError(
            _("There is no account with this e-mail: ask the specialist to register first.")
        )
    return member_add(community=community, user=user, role=Role.INVITED, by=by)


def _leave(member: Member, *, by: User, action: str) -> None:
    community = member.community
    if member.is_coordinator and _coordinators_left(community, without=member) == 0:
        raise MemberError(
            _(
                "The community would be left without a coordinator: appoint an administrator "
                "or let the members elect a new chair first."
            )
        )
    with transaction.atomic():
        community_audit(
            community=community, by=by, action=action, changes={"member": [member.user_id, None]}
        )
        member.delete()
        _elect(community)


def member_leave(*, member: Member, by: User) -> None:
    """A member leaves the community."""
    _leave(member, by=by, action="community.member_leave")


def member_remove(*, member: Member, by: User) -> None:
    """A coordinator removes a member (not the chair the members elected)."""
    if member.role == Role.CHAIR:
        raise MemberError(
            _("The chair is elected by the members: she leaves herself or is re-elected.")
        )
    _leave(member, by=by, action="community.member_remove")


def member_role_set(*, member: Member, role: str, by: User) -> None:
    """A coordinator makes a member an administrator or a member again."""
    if role not in (Role.MEMBER, Role.ADMINISTRATOR, Role.INVITED):
        raise ValueError("the chair is elected, not appointed")
    if member.role == Role.CHAIR:
        raise MemberError(
            _("The chair is elected by the members: she leaves herself or is re-elected.")
        )
    if member.role == role:
        return
    if member.is_coordinator and _coordinators_left(member.community, without=member) == 0:
        raise MemberError(_("The community would be left without a coordinator."))
    with transaction.atomic():
        change = choice_change(Role, member.role, role)
        member.role = role
        member.save(update_fields=["role"])
        community_audit(
            community=member.community,
            by=by,
            action="community.member_role",
            changes={"member": [member.user_id, member.user_id], "role": change},
        )


def coordinator_vote(*, voter: Member, candidate: Member, by: User) -> Member | None:
    """Record (or change) the voter's vote; returns the new chair if the vote elected one."""
    if candidate.community_id != voter.community_id:
        raise ValueError("a vote stays within one community")
    with transaction.atomic():
        CoordinatorVote.objects.update_or_create(
            voter=voter,
            defaults={
                "community_id": voter.community_id,
                "candidate": candidate,
                "voted_at": timezone.now(),
            },
        )
        return _elect(voter.community, by=by)


def _elect(community: Community, *, by: User | None = None) -> Member | None:
    """Make chair the member a majority of the members voted for (if she is not already)."""
    members = Member.objects.filter(community=community).count()
    leader = (
        CoordinatorVote.objects.filter(community=community)
        .values("candidate_id")
        .annotate(votes=Count("pk"))
        .order_by("-votes", "candidate_id")
        .first()
    )
    if leader is None or leader["votes"] * 2 <= members:
        return None
    elected = Member.objects.get(pk=leader["candidate_id"])
    if elected.role == Role.CHAIR:
        return None
    Member.objects.filter(community=community, role=Role.CHAIR).update(role=Role.MEMBER)
    elected.role = Role.CHAIR
    elected.save(update_fields=["role"])
    community_audit(
        community=community,
        by=by,
        action="community.chair_elected",
        changes={"chair": [None, elected.user_id], "votes": [leader["votes"], members]},
    )
    return elected
