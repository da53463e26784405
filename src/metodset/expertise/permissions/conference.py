"""Conferences: who runs them, moderates a section, sits on its jury and reads protocols."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import User

from ..models import (
    Conference,
    Defence,
    Item,
    Section,
)

# --- conference ---
# A conference is run by its network's coordinators, the staff of the organising organisation
# and whoever created it; a section by its moderator too. Jurors fill protocols of their
# section's defences. The network's members see a published conference; the moderators and
# jurors see theirs before that.


def can_create_conference(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser or bool(roles.coordinated_network_ids(user))
    )


def can_manage_conference(user: User, conference: Conference) -> bool:
    if not roles.is_active_user(user):
        return False
    return (
        user.is_superuser
        or conference.created_by_id == user.pk
        or conference.network_id in roles.coordinated_network_ids(user)
        or (
            conference.organization_id is not None
            and conference.organization_id in roles.staff_organization_ids(user)
        )
    )


def conferences_visible(user: User) -> QuerySet[Conference]:
    """The conferences the user may open: those they run, take part in running, or published
    ones of their networks."""
    if not roles.is_active_user(user):
        return Conference.objects.none()
    if user.is_superuser:
        return Conference.objects.all()
    return Conference.objects.filter(
        Q(created_by=user)
        | Q(network_id__in=roles.coordinated_network_ids(user))
        | Q(organization_id__in=roles.staff_organization_ids(user))
        | Q(sections__moderator=user)
        | Q(sections__jury=user)
        | Q(published_at__isnull=False, network_id__in=roles.member_network_ids(user))
    ).distinct()


def can_run_section(user: User, section: Section) -> bool:
    return roles.is_active_user(user) and (
        section.moderator_id == user.pk or can_manage_conference(user, section.conference)
    )


def is_juror(user: User, section: Section) -> bool:
    return roles.is_active_user(user) and (
        section.moderator_id == user.pk or section.jury.filter(pk=user.pk).exists()
    )


def can_read_protocol(user: User, section: Section) -> bool:
    return is_juror(user, section) or can_run_section(user, section)


def can_include_article(user: User, item: Item) -> bool:
    """Articles are put into proceedings or the library by who runs the articles' network."""
    return roles.is_active_user(user) and (
        user.is_superuser
        or item.campaign.network_id in roles.coordinated_network_ids(user)
        or item.campaign.created_by_id == user.pk
    )


def conference_for_viewer(*, viewer: User, pk: int) -> Conference:
    conference = (
        conferences_visible(viewer)
        .select_related("network", "organization", "program", "call_for_papers")
        .filter(pk=pk)
        .first()
    )
    if conference is None:
        raise Http404
    return conference


def conference_for_manager(*, viewer: User, pk: int) -> Conference:
    conference = conference_for_viewer(viewer=viewer, pk=pk)
    if not can_manage_conference(viewer, conference):
        raise PermissionDenied
    return conference


def section_for_viewer(*, viewer: User, pk: int) -> Section:
    section = (
        Section.objects.select_related("conference", "moderator", "rubric")
        .filter(pk=pk, conference__in=conferences_visible(viewer))
        .first()
    )
    if section is None:
        raise Http404
    return section


def section_for_moderator(*, viewer: User, pk: int) -> Section:
    section = section_for_viewer(viewer=viewer, pk=pk)
    if not can_run_section(viewer, section):
        raise PermissionDenied
    return section


def _defence(viewer: User, pk: int) -> Defence:
    defence = (
        Defence.objects.select_related("section__conference", "section__rubric", "item")
        .filter(pk=pk, section__conference__in=conferences_visible(viewer))
        .first()
    )
    if defence is None:
        raise Http404
    return defence


def defence_for_moderator(*, viewer: User, pk: int) -> Defence:
    defence = _defence(viewer, pk)
    if not can_run_section(viewer, defence.section):
        raise PermissionDenied
    return defence


def defence_for_juror(*, viewer: User, pk: int) -> Defence:
    defence = _defence(viewer, pk)
    if not is_juror(viewer, defence.section):
        raise PermissionDenied
    return defence


def defence_for_protocol_reader(*, viewer: User, pk: int) -> Defence:
    defence = _defence(viewer, pk)
    if not can_read_protocol(viewer, defence.section):
        raise PermissionDenied
    return defence


def article_for_includer(*, viewer: User, pk: int) -> Item:
    item = (
        Item.objects.select_related("campaign")
        .filter(pk=pk, campaign__kind__in=["articles", "conference"])
        .first()
    )
    if item is None or not (
        viewer.is_superuser or item.campaign.network_id in roles.member_network_ids(viewer)
    ):
        raise Http404
    if not can_include_article(viewer, item):
        raise PermissionDenied
    return item
