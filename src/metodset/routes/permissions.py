"""Who may see, edit, approve and follow routes.

A route is personal data about a person's deficits, so it follows the diagnostics rule:
- the person sees and edits their own (while it is a draft or returned);
- the managers and methodists of the route's organisation see it by name, edit it with the
  teacher and approve it; so does a tutor of a programme team the person is an intern in;
- a network's coordinators and council see routes by name only with the permission
  ``diagnostics.view_named_results`` (then for the network's partner organisations);
- platform administrators see everything.
Objects a user may not see are answered with 404 by the views.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import Organization, User
from metodset.diagnostics.permissions import named_organization_ids
from metodset.events.models import Event
from metodset.events.permissions import can_manage_event
from metodset.programs.models import ProgramMember

from .models import Activity, Route, Step
from .selectors import catalogue_for


def tutored_people_ids(user: User) -> QuerySet:
    """Interns of the teams the user tutors."""
    return ProgramMember.objects.filter(role=ProgramMember.Role.INTERN, team__tutor=user).values(
        "user_id"
    )


def visible_routes(user: User) -> QuerySet[Route]:
    if not account_permissions.is_active_user(user):
        return Route.objects.none()
    if user.is_superuser:
        return Route.objects.all()
    named = named_organization_ids(user) or set()
    return Route.objects.filter(
        Q(user=user) | Q(organization_id__in=named) | Q(user_id__in=tutored_people_ids(user))
    )


def _is_tutor_of(user: User, person_id: int) -> bool:
    return tutored_people_ids(user).filter(user_id=person_id).exists()


def can_review(user: User, route: Route) -> bool:
    """Approve or return: the organisation's manager or methodist, or the person's tutor."""
    if not account_permissions.is_active_user(user) or route.user_id == user.pk:
        return False
    return (
        user.is_superuser
        or route.organization_id in account_permissions.staff_organization_ids(user)
        or _is_tutor_of(user, route.user_id)
    )


def can_edit_route(user: User, route: Route) -> bool:
    """The teacher edits a draft or a returned route; a reviewer edits it until approved."""
    if not account_permissions.is_active_user(user):
        return False
    if route.user_id == user.pk:
        return route.editable
    return route.status != Route.Status.APPROVED and can_review(user, route)


def can_follow_steps(user: User, route: Route) -> bool:
    """Mark steps done, attach evidence, write reflections: the teacher, once approved."""
    return (
        account_permissions.is_active_user(user)
        and route.user_id == user.pk
        and route.status == Route.Status.APPROVED
    )


def can_view_organization(user: User, organization: Organization) -> bool:
    """The organisation's routes by name: its staff, and those with named access."""
    if not account_permissions.is_active_user(user):
        return False
    named = named_organization_ids(user)
    return named is None or organization.pk in named


def organizations_with_routes(user: User) -> QuerySet[Organization]:
    """Organisations whose list, board and cyclogram the user may open."""
    if not account_permissions.is_active_user(user):
        return Organization.objects.none()
    named = named_organization_ids(user)
    if named is None:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=named)


def reviewable_routes(user: User) -> QuerySet[Route]:
    """Routes waiting for this user's decision."""
    if not account_permissions.is_active_user(user):
        return Route.objects.none()
    qs = Route.objects.filter(status=Route.Status.SUBMITTED).exclude(user=user)
    if user.is_superuser:
        return qs
    return qs.filter(
        Q(organization_id__in=account_permissions.staff_organization_ids(user))
        | Q(user_id__in=tutored_people_ids(user))
    )


def can_manage_catalogue(user: User, organization: Organization) -> bool:
    """Add and change the organisation's own activities: its manager and methodist."""
    return account_permissions.is_active_user(user) and (
        user.is_superuser or organization.pk in account_permissions.staff_organization_ids(user)
    )


def can_edit_activity(user: User, activity: Activity) -> bool:
    if not account_permissions.is_active_user(user):
        return False
    if user.is_superuser:
        return True
    if activity.organization_id:
        return activity.organization_id in account_permissions.staff_organization_ids(user)
    if activity.network_id:
        return activity.network_id in account_permissions.coordinated_network_ids(user)
    return False


def can_credit(user: User, event: Event) -> bool:
    """Credit the hours of a lesson for colleagues: the teacher who taught it, and whoever may
    mark the event's attendance."""
    if not account_permissions.is_active_user(user):
        return False
    step = Step.objects.filter(teaching_event=event).select_related("route").first()
    if step is None:
        return False
    return step.route.user_id == user.pk or can_manage_event(user, event)


def sees_routes(user: User) -> bool:
    """Whether «Маршруты» is offered in the bar: members of an organisation, administrators
    and network staff allowed to see people by name."""
    if not account_permissions.is_active_user(user):
        return False
    return (
        user.is_superuser
        or bool(account_permissions.organization_ids(user))
        or user.has_perm("diagnostics.view_named_results")
    )


# --- access helpers: load one object for a viewer or raise Http404 ------------------------


def route_for_viewer(*, viewer: User, pk: int) -> Route:
    route = (
        visible_routes(viewer)
        .select_related("user", "organization", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if route is None:
        raise Http404
    return route


def route_for_owner(*, viewer: User, pk: int) -> Route:
    """The viewer's own route (submitting is the teacher's act)."""
    route = route_for_viewer(viewer=viewer, pk=pk)
    if route.user_id != viewer.pk:
        raise Http404
    return route


def route_for_editor(*, viewer: User, pk: int) -> Route:
    route = route_for_viewer(viewer=viewer, pk=pk)
    if not can_edit_route(viewer, route):
        raise Http404
    return route


def route_for_reviewer(*, viewer: User, pk: int) -> Route:
    route = route_for_viewer(viewer=viewer, pk=pk)
    if not can_review(viewer, route):
        raise Http404
    return route


def step_for_viewer(*, viewer: User, pk: int) -> Step:
    step = (
        Step.objects.select_related(
            "route__user", "route__organization", "competency__framework", "activity"
        )
        .filter(pk=pk, route__in=visible_routes(viewer))
        .first()
    )
    if step is None:
        raise Http404
    return step


def step_for_editor(*, viewer: User, pk: int) -> Step:
    step = step_for_viewer(viewer=viewer, pk=pk)
    if not can_edit_route(viewer, step.route):
        raise Http404
    return step


def swap_for_editor(*, viewer: User, step_id: int, pk: str | None) -> tuple[Step, Activity]:
    """A step of a route the viewer edits (404 as ``step_for_editor``) with the activity of its
    organisation's catalogue to put in its place; 404 when ``pk`` names none there."""
    step = step_for_editor(viewer=viewer, pk=step_id)
    if not (pk or "").isdigit() or len(pk or "") > 18:  # «abc» or beyond any id: none there
        raise Http404
    activity = catalogue_for(step.route.organization).filter(pk=int(pk or 0)).first()
    if activity is None:
        raise Http404
    return step, activity


def step_for_follower(*, viewer: User, pk: int) -> Step:
    """A step of an approved route, to mark: its teacher (and those who follow with her)."""
    step = step_for_viewer(viewer=viewer, pk=pk)
    if not can_follow_steps(viewer, step.route):
        raise Http404
    return step


def lesson_for_crediter(*, viewer: User, event_id: int) -> tuple[Event, Step]:
    """A lesson of horizontal learning (an event a route's step teaches) with that step, for
    the teacher who taught it and whoever may mark the event's attendance; 404 to the rest."""
    event = Event.objects.select_related("organizer").filter(pk=event_id).first()
    step = (
        Step.objects.select_related("route__user", "route__organization")
        .filter(teaching_event=event)
        .first()
        if event
        else None
    )
    if event is None or step is None or not can_credit(viewer, event):
        raise Http404
    return event, step


def organization_for_route_viewer(*, viewer: User, pk: int) -> Organization:
    organization = organizations_with_routes(viewer).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def organization_for_catalogue_manager(*, viewer: User, pk: int) -> Organization:
    organization = organization_for_route_viewer(viewer=viewer, pk=pk)
    if not can_manage_catalogue(viewer, organization):
        raise Http404
    return organization


def activity_for_editor(*, viewer: User, pk: int) -> Activity:
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None or not can_edit_activity(viewer, activity):
        raise Http404
    return activity
