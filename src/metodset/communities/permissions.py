"""Who sees and does what in communities, lesson study and methodical plans.

A community's records are its members' until they open them (seed 004: «на занятиях сначала
присутствуют только члены сообщества, до тех пор пока они не будут готовы открыться»):
- members see and write everything of their community, the charter included (a community
  is self-organised); coordinators (chair, administrator) also change the members and the
  openness;
- once opened, the community's page, meetings, cycles' maps and conclusions are seen read-only
  by the audience it was opened to: the organisation's people, the network's people (for a
  network community, the partners' people), or every signed-in person;
- observation protocols, predictions and case children are evidence about children, never a
  rating of a teacher: only members and the cycle's invited guests («знающий другой») see
  them, whatever the openness;
- platform administrators get no exception on the platform's pages: a closed community is
  closed to them too (for support they reach the rows in Django's admin, which is the
  database, as for any personal data).
Anyone else gets 404, as for every object a person may not see.

Methodical plans are the organisation's: its people read the plan; its manager and methodist
write it and see the match against deficits, as do those who see the organisation's aggregated
diagnostics (network coordinators and council).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, NetworkPartner, Organization, User
from metodset.diagnostics.permissions import aggregate_organization_ids, sees_aggregates_of

from .models import (
    AnalysisLink,
    CaseChild,
    Community,
    Cycle,
    CycleGuest,
    LearningItem,
    Lesson,
    MapStage,
    Meeting,
    Member,
    MethodicalPlan,
    PlanTopic,
    Tactic,
)

Openness = Community.Openness


# --- communities ----------------------------------------------------------------------------


def member_of(user: User, community: Community) -> Member | None:
    """The user's membership of the community, cached on the community for the request."""
    if not roles.is_active_user(user):
        return None
    cache = community.__dict__.setdefault("_members_by_user", {})
    if user.pk not in cache:
        cache[user.pk] = Member.objects.filter(community=community, user=user).first()
    return cache[user.pk]


def is_member(user: User, community: Community) -> bool:
    return member_of(user, community) is not None


def is_coordinator(user: User, community: Community) -> bool:
    member = member_of(user, community)
    return member is not None and member.is_coordinator


def _partner_organization_ids(network_ids: set[int]) -> QuerySet:
    return NetworkPartner.objects.filter(network_id__in=network_ids).values("organization_id")


def visible_communities(user: User) -> QuerySet[Community]:
    """Communities whose page the user may open: her own, and those opened to her."""
    if not roles.is_active_user(user):
        return Community.objects.none()
    org_ids = roles.organization_ids(user)
    network_ids = roles.member_network_ids(user)
    opened_to_organization = Q(openness=Openness.ORGANIZATION) & (
        Q(organization_id__in=org_ids) | Q(organization__isnull=True, network_id__in=network_ids)
    )
    opened_to_network = Q(openness=Openness.NETWORK) & (
        Q(network_id__in=network_ids)
        | Q(organization_id__in=org_ids)
        | Q(organization__partnerships__network_id__in=network_ids)
    )
    return Community.objects.filter(
        Q(members__user=user)
        | opened_to_organization
        | opened_to_network
        | Q(openness=Openness.PUBLIC)
    ).distinct()


def member_communities(user: User) -> QuerySet[Community]:
    if not roles.is_active_user(user):
        return Community.objects.none()
    return Community.objects.filter(members__user=user)


def community_for_viewer(*, viewer: User, pk: int) -> Community:
    """A community the viewer may see (its page; records read-only if she is not a member)."""
    community = visible_communities(viewer).filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def community_for_member(*, viewer: User, pk: int) -> Community:
    """A community of which the viewer is a member: 404 for everyone else."""
    community = member_communities(viewer).filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def community_for_coordinator(*, viewer: User, pk: int) -> Community:
    """404 for non-members; 403 for a member who is not a coordinator."""
    community = community_for_member(viewer=viewer, pk=pk)
    if not is_coordinator(viewer, community):
        raise PermissionDenied
    return community


def creatable_organizations(user: User) -> QuerySet[Organization]:
    """Where the user may found a community: any organisation she works in (self-organisation
    is the principle of a ПОС), and any the platform administrator picks."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=roles.organization_ids(user))


def creatable_networks(user: User) -> QuerySet[Network]:
    """Network communities (of school teams, creative groups across partners): the network's
    coordinators and council."""
    if not roles.is_active_user(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=roles.staff_network_ids(user))


def can_create_community(user: User) -> bool:
    return creatable_organizations(user).exists() or creatable_networks(user).exists()


# --- lesson study ---------------------------------------------------------------------------


def is_cycle_guest(user: User, cycle: Cycle) -> bool:
    if not roles.is_active_user(user):
        return False
    cache = cycle.__dict__.setdefault("_guests", {})
    if user.pk not in cache:
        cache[user.pk] = cycle.guests.filter(user=user).exists()
    return cache[user.pk]


def is_cycle_participant(user: User, cycle: Cycle) -> bool:
    """Members of the community and the cycle's guests: they observe, see protocols, comment."""
    return is_member(user, cycle.community) or is_cycle_guest(user, cycle)


def participant_cycles(user: User) -> QuerySet[Cycle]:
    if not roles.is_active_user(user):
        return Cycle.objects.none()
    return Cycle.objects.filter(Q(community__members__user=user) | Q(guests__user=user)).distinct()


def cycle_for_participant(*, viewer: User, pk: int) -> Cycle:
    """A cycle whose protocols and predictions the viewer may see and write: 404 otherwise."""
    cycle = participant_cycles(viewer).select_related("community").filter(pk=pk).first()
    if cycle is None:
        raise Http404
    return cycle


def cycle_for_member(*, viewer: User, pk: int) -> Cycle:
    """A cycle of the viewer's own community (to change its map, lessons and conclusions)."""
    cycle = (
        Cycle.objects.select_related("community")
        .filter(pk=pk, community__members__user=viewer)
        .first()
        if roles.is_active_user(viewer)
        else None
    )
    if cycle is None:
        raise Http404
    return cycle


def cycle_for_viewer(*, viewer: User, pk: int) -> Cycle:
    """A cycle of a community the viewer sees (maps and conclusions; protocols only if she
    takes part)."""
    cycle = (
        Cycle.objects.select_related("community")
        .filter(Q(community__in=visible_communities(viewer)) | Q(guests__user=viewer), pk=pk)
        .distinct()
        .first()
        if roles.is_active_user(viewer)
        else None
    )
    if cycle is None:
        raise Http404
    return cycle


# --- methodical plans -----------------------------------------------------------------------


def can_edit_plans(user: User, organization: Organization) -> bool:
    """The organisation's manager and methodist write its methodical plan."""
    return roles.is_active_user(user) and (
        user.is_superuser or organization.pk in roles.staff_organization_ids(user)
    )


def can_see_match(user: User, organization: Organization) -> bool:
    """The match against deficits shows the organisation's aggregated diagnostics."""
    return sees_aggregates_of(user, organization.pk)


def visible_plans(user: User) -> QuerySet[MethodicalPlan]:
    """The organisation's people read its plan; those who see its aggregates too."""
    if not roles.is_active_user(user):
        return MethodicalPlan.objects.none()
    if user.is_superuser:
        return MethodicalPlan.objects.all()
    ids = set(roles.organization_ids(user)) | (aggregate_organization_ids(user) or set())
    return MethodicalPlan.objects.filter(organization_id__in=ids)


def plan_for_viewer(*, viewer: User, pk: int) -> MethodicalPlan:
    """A plan of an organisation the viewer works in or sees the aggregates of (``visible_plans``
    for one plan: a question about its organisation, not a list of every partner's id)."""
    if not roles.is_active_user(viewer):
        raise Http404
    plan = MethodicalPlan.objects.select_related("organization").filter(pk=pk).first()
    if plan is None or not _reads_plans_of(viewer, plan.organization_id):
        raise Http404
    return plan


def plan_for_editor(*, viewer: User, pk: int) -> MethodicalPlan:
    """404 for those who may not see the plan; 403 for those who see but may not write it."""
    plan = plan_for_viewer(viewer=viewer, pk=pk)
    if not can_edit_plans(viewer, plan.organization):
        raise PermissionDenied
    return plan


def plan_for_match(*, viewer: User, pk: int) -> MethodicalPlan:
    plan = plan_for_viewer(viewer=viewer, pk=pk)
    if not can_see_match(viewer, plan.organization):
        raise PermissionDenied
    return plan


# --- a community's own rows (the community page, its members and tactics) -------------------


def tactic_for_member(*, viewer: User, pk: int) -> Tactic:
    """A tactic of the viewer's own community: 404 for everyone else."""
    tactic = (
        Tactic.objects.select_related("community")
        .filter(pk=pk, community__in=member_communities(viewer))
        .first()
    )
    if tactic is None:
        raise Http404
    return tactic


def member_for_coordinator(*, viewer: User, pk: int) -> Member:
    """A member of a community the viewer coordinates: 404 outside her communities, 403 for
    a member who is not a coordinator."""
    member = (
        Member.objects.select_related("community", "user")
        .filter(pk=pk, community__in=member_communities(viewer))
        .first()
    )
    if member is None:
        raise Http404
    if not is_coordinator(viewer, member.community):
        raise PermissionDenied
    return member


def sees_communities(user: User) -> bool:
    """The menu's «Сообщества»: for those who have a community or may found one."""
    if not roles.is_active_user(user):
        return False
    # Roles are cached for the request: most people need no query here.
    may_create = user.is_superuser or roles.organization_ids(user) or roles.staff_network_ids(user)
    return bool(may_create) or member_communities(user).exists()


# --- lesson study: the rows of a cycle (added with the cycle's pages) ---------------------------


def stage_for_participant(*, viewer: User, pk: int) -> MapStage:
    """A stage of the map of a cycle the viewer takes part in (to comment beside it)."""
    stage = (
        MapStage.objects.select_related("version__cycle__community")
        .filter(pk=pk, version__cycle__in=participant_cycles(viewer))
        .first()
    )
    if stage is None:
        raise Http404
    return stage


def _of_member_cycle(model: type[Any], viewer: User, pk: int, path: str) -> Any:
    if not roles.is_active_user(viewer):
        raise Http404
    row = (
        model.objects.select_related(f"{path}__community")
        .filter(pk=pk, **{f"{path}__community__members__user": viewer})
        .first()
    )
    if row is None:
        raise Http404
    return row


def case_child_for_member(*, viewer: User, pk: int) -> CaseChild:
    return _of_member_cycle(CaseChild, viewer, pk, "cycle")


def lesson_for_member(*, viewer: User, pk: int) -> Lesson:
    return _of_member_cycle(Lesson, viewer, pk, "cycle")


def guest_for_member(*, viewer: User, pk: int) -> CycleGuest:
    return _of_member_cycle(CycleGuest, viewer, pk, "cycle")


def plan_organizations(user: User) -> QuerySet[Organization]:
    """Organisations whose plans the user may read: her own, and those whose aggregates she
    sees (the same rule as ``visible_plans``)."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    ids = set(roles.organization_ids(user)) | (aggregate_organization_ids(user) or set())
    return Organization.objects.filter(pk__in=ids)


def _reads_plans_of(user: User, organization_id: int) -> bool:
    return organization_id in roles.organization_ids(user) or sees_aggregates_of(
        user, organization_id
    )


def organization_for_plan_viewer(*, viewer: User, pk: int) -> Organization:
    organization = (
        Organization.objects.filter(pk=pk).first() if roles.is_active_user(viewer) else None
    )
    if organization is None or not _reads_plans_of(viewer, organization.pk):
        raise Http404
    return organization


def organization_for_plan_editor(*, viewer: User, pk: int) -> Organization:
    """404 for those who may not see the organisation's plans; 403 for those who may not
    write them."""
    organization = organization_for_plan_viewer(viewer=viewer, pk=pk)
    if not can_edit_plans(viewer, organization):
        raise PermissionDenied
    return organization


def topic_for_editor(*, viewer: User, pk: int) -> PlanTopic:
    topic = (
        PlanTopic.objects.select_related("plan__organization").filter(pk=pk).first()
        if roles.is_active_user(viewer)
        else None
    )
    if topic is not None and not _reads_plans_of(viewer, topic.plan.organization_id):
        topic = None
    if topic is None:
        raise Http404
    if not can_edit_plans(viewer, topic.plan.organization):
        raise PermissionDenied
    return topic


# --- the community's work: analysis, learning plan, meetings (added with views.work) --------


def analysis_link_for_member(*, viewer: User, pk: int) -> AnalysisLink:
    """A line of the analysis of the viewer's own community: 404 for everyone else."""
    link = (
        AnalysisLink.objects.select_related("community")
        .filter(pk=pk, community__in=member_communities(viewer))
        .first()
    )
    if link is None:
        raise Http404
    return link


def learning_item_for_member(*, viewer: User, pk: int) -> LearningItem:
    """A line of the learning plan of the viewer's own community: 404 for everyone else."""
    item = (
        LearningItem.objects.select_related("community", "member", "route_step")
        .filter(pk=pk, community__in=member_communities(viewer))
        .first()
    )
    if item is None:
        raise Http404
    return item


def can_edit_learning_item(user: User, item: LearningItem) -> bool:
    """A member changes her own lines of the plan; coordinators change everyone's."""
    return item.member_id == user.pk or is_coordinator(user, item.community)


def learning_item_for_editor(*, viewer: User, pk: int) -> LearningItem:
    """404 for non-members; 403 for a member changing a colleague's line."""
    item = learning_item_for_member(viewer=viewer, pk=pk)
    if not can_edit_learning_item(viewer, item):
        raise PermissionDenied
    return item


def learning_item_for_learner(*, viewer: User, pk: int) -> LearningItem:
    """Only she who learns sends her line to her route: 404 for non-members, 403 otherwise."""
    item = learning_item_for_member(viewer=viewer, pk=pk)
    if item.member_id != viewer.pk:
        raise PermissionDenied
    return item


def meeting_for_viewer(*, viewer: User, pk: int) -> Meeting:
    """A meeting of a community the viewer sees (read-only unless she is a member)."""
    meeting = (
        Meeting.objects.select_related("community", "event")
        .filter(pk=pk, community__in=visible_communities(viewer))
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_for_member(*, viewer: User, pk: int) -> Meeting:
    """A meeting of the viewer's own community (to write its agenda and minutes)."""
    meeting = (
        Meeting.objects.select_related("community", "event")
        .filter(pk=pk, community__in=member_communities(viewer))
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


# --- observation and analysis of a research lesson (added with the observation pages) -------


def lesson_for_participant(*, viewer: User, pk: int) -> Lesson:
    """A research lesson of a cycle the viewer takes part in (member or guest): 404 otherwise."""
    lesson = (
        Lesson.objects.select_related("cycle__community", "version", "teacher")
        .filter(pk=pk, cycle__in=participant_cycles(viewer))
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def can_lead_lesson(user: User, lesson: Lesson) -> bool:
    """The teacher of the lesson and the community's coordinators move it to the next step."""
    community = lesson.cycle.community
    if lesson.teacher_id == user.pk and is_member(user, community):
        return True
    return is_coordinator(user, community)


def lesson_for_leader(*, viewer: User, pk: int) -> Lesson:
    """404 for those outside the cycle; 403 for a participant who neither teaches nor
    coordinates."""
    lesson = lesson_for_participant(viewer=viewer, pk=pk)
    if not can_lead_lesson(viewer, lesson):
        raise PermissionDenied
    return lesson


def sees_plans(user: User) -> bool:
    """The menu's «Планы методической работы»: the staff of an organisation and of a network
    (a teacher reads her organisation's plan from the link her methodist gives)."""
    if not roles.is_active_user(user):
        return False
    return bool(
        user.is_superuser or roles.staff_organization_ids(user) or roles.staff_network_ids(user)
    )
