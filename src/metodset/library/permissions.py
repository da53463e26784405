"""Who sees and does what in the library.

- **Readers.** A published material is seen as far as its visibility says: everyone (also
  without signing in, on its public page), the members of its network (directly or through a
  partner organisation), or the members of its organisation. ``visible_materials`` is that
  rule for every list, the search, the API and each page; nothing unpublished or out of reach
  appears anywhere else.
- **Authors** see their own materials in every status and edit them while they are a draft,
  returned or withdrawn. A new version of a published material goes back to moderation.
- **Moderators** are the network's methodists: for a material seen by the network or by
  everyone, the network's coordinators and council members and the managers and methodists of
  its lead organisation (the methodical centre); for a material seen by its organisation only,
  that organisation's managers and methodists. They see what waits for them, publish, return
  with a comment, withdraw with a reason and deal with complaints.
- **Collections** are seen as their visibility says; a teacher's shelf by its owner only. The
  network's staff gather the network's e-case; an organisation's staff gather their own.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import Network, User

from .models import Collection, Complaint, LearnRequest, Material

Status = Material.Status
Visibility = Material.Visibility
MODERATION_QUEUE = (Status.SUBMITTED, Status.UNDER_REVIEW)


def _reach(user: User | None) -> Q:
    """Published materials the user may read."""
    published = Q(status=Status.PUBLISHED)
    public = published & Q(visibility=Visibility.PUBLIC)
    if not account_permissions.is_active_user(user):
        return public
    assert user is not None
    networks = account_permissions.member_network_ids(user)
    organizations = account_permissions.organization_ids(user)
    return (
        public
        | (published & Q(visibility=Visibility.NETWORK, network_id__in=networks))
        | (published & Q(visibility=Visibility.NETWORK, organization_id__in=organizations))
        | (published & Q(visibility=Visibility.ORGANIZATION, organization_id__in=organizations))
    )


def moderated_network_ids(user: User) -> set[int]:
    """Networks whose shared materials the user moderates."""
    if not account_permissions.is_active_user(user):
        return set()
    staff = account_permissions.staff_network_ids(user)
    led = set(
        Network.objects.filter(
            lead_organization_id__in=account_permissions.staff_organization_ids(user)
        ).values_list("pk", flat=True)
    )
    return staff | led


def _moderation_reach(user: User) -> Q:
    return Q(
        visibility__in=(Visibility.NETWORK, Visibility.PUBLIC),
        network_id__in=moderated_network_ids(user),
    ) | Q(
        visibility=Visibility.ORGANIZATION,
        organization_id__in=account_permissions.staff_organization_ids(user),
    )


def visible_materials(user: User | None) -> QuerySet[Material]:
    """Every material the user may open: readable, her own, or hers to moderate."""
    if account_permissions.is_active_user(user) and user is not None and user.is_superuser:
        return Material.objects.all()
    reach = _reach(user)
    if account_permissions.is_active_user(user) and user is not None:
        reach |= Q(created_by=user) | (_moderation_reach(user) & ~Q(status=Status.DRAFT))
    return Material.objects.filter(reach)


def readable_materials(user: User | None) -> QuerySet[Material]:
    """Published materials the user may read: the catalogue and the search show these."""
    if account_permissions.is_active_user(user) and user is not None and user.is_superuser:
        return Material.objects.filter(status=Status.PUBLISHED)
    return Material.objects.filter(_reach(user))


def moderation_queue(user: User) -> QuerySet[Material]:
    """Materials waiting for this moderator."""
    if not account_permissions.is_active_user(user):
        return Material.objects.none()
    queue = Material.objects.filter(status__in=MODERATION_QUEUE)
    if user.is_superuser:
        return queue
    return queue.filter(_moderation_reach(user))


def moderated_materials(user: User) -> QuerySet[Material]:
    """Every material in the moderator's reach, whatever its status (complaints, report)."""
    if not account_permissions.is_active_user(user):
        return Material.objects.none()
    if user.is_superuser:
        return Material.objects.all()
    return Material.objects.filter(_moderation_reach(user))


def is_moderator(user: User) -> bool:
    return account_permissions.is_active_user(user) and (
        user.is_superuser
        or bool(moderated_network_ids(user))
        or bool(account_permissions.staff_organization_ids(user))
    )


def can_moderate(user: User, material: Material) -> bool:
    if not account_permissions.is_active_user(user):
        return False
    if user.is_superuser:
        return True
    if material.visibility == Visibility.ORGANIZATION:
        return material.organization_id in account_permissions.staff_organization_ids(user)
    return material.network_id in moderated_network_ids(user)


def can_edit(user: User, material: Material) -> bool:
    """The author edits her material unless it waits for or is under moderation; a moderator
    may correct it at any time."""
    if not account_permissions.is_active_user(user):
        return False
    if material.created_by_id == user.pk and material.status not in MODERATION_QUEUE:
        return True
    return can_moderate(user, material)


def can_submit(user: User, material: Material) -> bool:
    return material.created_by_id == user.pk and material.status in (
        Status.DRAFT,
        Status.RETURNED,
        Status.WITHDRAWN,
    )


# --- collections --------------------------------------------------------------------------


def visible_collections(user: User | None) -> QuerySet[Collection]:
    """Collections of the library the user may open (a programme's final case is the
    programme's to show: ``programs.permissions``)."""
    shown = Collection.objects.exclude(kind=Collection.Kind.FINAL_CASE)
    public = Q(visibility=Collection.Visibility.PUBLIC)
    if not account_permissions.is_active_user(user) or user is None:
        return shown.filter(public)
    if user.is_superuser:
        return shown
    networks = account_permissions.member_network_ids(user)
    organizations = account_permissions.organization_ids(user)
    return shown.filter(
        public
        | Q(visibility=Collection.Visibility.NETWORK, network_id__in=networks)
        | Q(visibility=Collection.Visibility.ORGANIZATION, organization_id__in=organizations)
        | Q(owner=user)
        | Q(created_by=user)
    )


def can_curate(user: User, collection: Collection) -> bool:
    """Add, order and remove materials: the shelf's owner, the network's or organisation's
    staff for theirs."""
    if not account_permissions.is_active_user(user):
        return False
    if user.is_superuser or collection.owner_id == user.pk:
        return True
    if collection.kind == Collection.Kind.SHELF:
        return False
    if collection.network_id and collection.network_id in moderated_network_ids(user):
        return True
    return bool(
        collection.organization_id
        and collection.organization_id in account_permissions.staff_organization_ids(user)
    )


# --- access helpers: load one object for a viewer or raise Http404 ------------------------


def material_for_viewer(*, viewer: User | None, pk: int) -> Material:
    material = (
        visible_materials(viewer)
        .select_related("organization", "network", "created_by")
        .filter(pk=pk)
        .first()
    )
    if material is None:
        raise Http404
    return material


def material_for_reader(*, viewer: User | None, pk: int) -> Material:
    """A published material the viewer may read (marks of use, requests, complaints)."""
    material = readable_materials(viewer).select_related("created_by").filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def material_for_editor(*, viewer: User, pk: int) -> Material:
    material = material_for_viewer(viewer=viewer, pk=pk)
    if not can_edit(viewer, material):
        raise Http404
    return material


def material_for_author(*, viewer: User, pk: int) -> Material:
    material = material_for_viewer(viewer=viewer, pk=pk)
    if material.created_by_id != viewer.pk:
        raise Http404
    return material


def material_for_moderator(*, viewer: User, pk: int) -> Material:
    material = material_for_viewer(viewer=viewer, pk=pk)
    if not can_moderate(viewer, material):
        raise Http404
    return material


def collection_for_viewer(*, viewer: User | None, pk: int) -> Collection:
    collection = (
        visible_collections(viewer)
        .select_related("organization", "network", "owner")
        .filter(pk=pk)
        .first()
    )
    if collection is None:
        raise Http404
    return collection


def collection_for_curator(*, viewer: User, pk: int) -> Collection:
    collection = collection_for_viewer(viewer=viewer, pk=pk)
    if not can_curate(viewer, collection):
        raise Http404
    return collection


def learn_request_for_author(*, viewer: User, pk: int) -> LearnRequest:
    request = (
        LearnRequest.objects.select_related("material", "person")
        .filter(pk=pk, material__created_by=viewer)
        .first()
    )
    if request is None:
        raise Http404
    return request


def complaint_for_moderator(*, viewer: User, pk: int) -> Complaint:
    complaint = Complaint.objects.select_related("material").filter(pk=pk).first()
    if complaint is None or not can_moderate(viewer, complaint.material):
        raise Http404
    return complaint
