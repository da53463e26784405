"""Who may see, run and join events.

Built on the role checks of ``accounts.permissions``. Published public events are open to
everyone, anonymous visitors included; network and organisation events to their members and
to whoever is registered for them (interns of a programme are registered by the programme);
drafts to those who run them. The meeting link is for registered participants only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import User

from .models import CalendarToken, Event, EventMaterial, EventSeries, Registration

Status = Event.Status
Visibility = Event.Visibility


def can_create_events(user: User) -> bool:
    """Managers and methodists for their organisations; coordinators for their networks."""
    return account_permissions.is_active_user(user) and (
        user.is_superuser
        or bool(account_permissions.staff_organization_ids(user))
        or bool(account_permissions.coordinated_network_ids(user))
    )


def managed_events(user: User) -> QuerySet[Event]:
    """Events the user runs: created, or of an organisation or network they manage."""
    if not account_permissions.is_active_user(user):
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    networks = account_permissions.coordinated_network_ids
    return Event.objects.filter(
        Q(created_by=user)
        | Q(organizer_id__in=account_permissions.staff_organization_ids(user))
        | Q(network_id__in=networks(user))
        | Q(organizer__partnerships__network_id__in=networks(user))
    ).distinct()


def can_manage_event(user: User, event: Event) -> bool:
    if not account_permissions.is_active_user(user):
        return False
    if user.is_superuser or event.created_by_id == user.pk:
        return True
    if event.network_id and event.network_id in account_permissions.coordinated_network_ids(user):
        return True
    return account_permissions.can_manage_organization(user, event.organizer)


def visible_events(user: User | None) -> QuerySet[Event]:
    """Published and cancelled events the user may see in the catalogue."""
    shown = Event.objects.filter(status__in=[Status.PUBLISHED, Status.CANCELLED])
    if not account_permissions.is_active_user(user):
        return shown.filter(visibility=Visibility.PUBLIC)
    assert user is not None
    if user.is_superuser:
        return shown
    registered = Registration.objects.filter(user=user).exclude(
        status=Registration.Status.CANCELLED
    )
    return shown.filter(
        Q(visibility=Visibility.PUBLIC)
        | Q(
            visibility=Visibility.NETWORK,
            network_id__in=account_permissions.member_network_ids(user),
        )
        | Q(
            visibility=Visibility.ORGANIZATION,
            organizer_id__in=account_permissions.organization_ids(user),
        )
        | Q(pk__in=registered.values("event_id"))
    )


def can_view_event(user: User | None, event: Event) -> bool:
    if event.status == Status.DRAFT:
        return user is not None and can_manage_event(user, event)
    if event.visibility == Visibility.PUBLIC:
        return True
    if not account_permissions.is_active_user(user):
        return False
    assert user is not None
    if user.is_superuser or can_manage_event(user, event):
        return True
    if (
        event.visibility == Visibility.NETWORK
        and event.network_id in account_permissions.member_network_ids(user)
    ):
        return True
    if (
        event.visibility == Visibility.ORGANIZATION
        and event.organizer_id in account_permissions.organization_ids(user)
    ):
        return True
    # Whoever was registered (e.g. an intern of a programme) sees the event they are in.
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
    )


def can_register(user: User | None, event: Event) -> bool:
    """Anyone signed in who may see the event (the service checks the window and places)."""
    return account_permissions.is_active_user(user) and can_view_event(user, event)


def can_join_meeting(user: User, event: Event, registration: Registration | None) -> bool:
    """The meeting link: registered participants, and those who run the event."""
    if not account_permissions.is_active_user(user):
        return False
    if can_manage_event(user, event):
        return True
    return registration is not None and registration.status == Registration.Status.REGISTERED


def series_for_participant(*, viewer: User, pk: int) -> EventSeries:
    """A series of meetings for anyone signed in, to register for all of it at once; 404 only
    when there is none. Whether she may is asked of its first meeting (``can_register``)."""
    series = EventSeries.objects.filter(pk=pk).first()
    if series is None:
        raise Http404
    return series


def calendar_token_for_feed(*, token: str) -> CalendarToken:
    """A person's calendar feed: the secret in the address is the only credential, and it
    stops working when her account is closed (404)."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    return found


# --- access helpers: objects of an event the viewer was let into (selectors.event_for_manager,
# or event_for_viewer for what its page shows) -----------------------------------------------


def registration_of(*, event: Event, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.select_related("user"), pk=pk, event=event)


def material_of(*, event: Event, pk: int) -> EventMaterial:
    """A material of the event (404 if it is another event's)."""
    return get_object_or_404(EventMaterial, pk=pk, event=event)
