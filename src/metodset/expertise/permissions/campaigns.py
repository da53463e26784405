"""Campaigns, items, reviews, the collective product and the expert community: who runs,
reviews, writes and sees (the rules are in the package's docstring)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization, User

from ..models import (
    Campaign,
    CollectivePart,
    CollectiveProduct,
    CollectiveVersion,
    Item,
    ItemVersion,
    Review,
)
from ..selectors.experts import network_expert_ids

# --- campaigns ----------------------------------------------------------------------------


def coordinated_campaigns(user: User) -> QuerySet[Campaign]:
    """Campaigns the user runs: the one queryset for lists and single campaigns."""
    if not roles.is_active_user(user):
        return Campaign.objects.none()
    if user.is_superuser:
        return Campaign.objects.all()
    return Campaign.objects.filter(
        Q(network_id__in=roles.staff_network_ids(user))
        | Q(organization_id__in=roles.staff_organization_ids(user))
    )


def campaign_networks(user: User) -> QuerySet[Network]:
    """Networks in which the user may open a campaign: those she governs, and those her
    organisations are partners of (for a campaign her organisation organises)."""
    if not roles.is_active_user(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        Q(pk__in=roles.staff_network_ids(user))
        | Q(partnerships__organization_id__in=roles.staff_organization_ids(user))
    ).distinct()


def organizing_organizations(user: User) -> QuerySet[Organization]:
    """Organisations on whose behalf the user may organise a campaign."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=roles.staff_organization_ids(user))


def can_create_campaigns(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_network_ids(user))
        or bool(roles.staff_organization_ids(user))
    )


def may_organize(user: User, *, network: Network, organization: Organization | None) -> bool:
    """Whether the user may run a campaign in ``network`` organised by ``organization``
    (None: by the network itself)."""
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or network.pk in roles.staff_network_ids(user):
        return True
    return organization is not None and organization.pk in roles.staff_organization_ids(user)


def campaign_for_coordinator(*, viewer: User, pk: int) -> Campaign:
    """A campaign the viewer runs: 404 for everyone else."""
    campaign = (
        coordinated_campaigns(viewer)
        .select_related("network", "organization", "rubric", "program")
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_for_editor(*, viewer: User, pk: int) -> Campaign:
    """A campaign the viewer runs and may still change: 403 once it is closed."""
    campaign = campaign_for_coordinator(viewer=viewer, pk=pk)
    if campaign.status == Campaign.Status.CLOSED:
        raise PermissionDenied
    return campaign


# --- items ---------------------------------------------------------------------------------


def coordinated_items(user: User) -> QuerySet[Item]:
    """Items of the campaigns the user runs, handed in: a draft is its authors' alone."""
    return Item.objects.filter(campaign__in=coordinated_campaigns(user)).exclude(
        status=Item.Status.DRAFT
    )


def reviews_of_expert(viewer: User) -> QuerySet[Review]:
    """The viewer's own reviews (as an expert or a peer), whatever their status: the expert's
    queue filters this, and nothing else of reviews is shown to experts."""
    if not roles.is_active_user(viewer):
        return Review.objects.none()
    return Review.objects.filter(expert=viewer)


def items_of_author(viewer: User) -> QuerySet[Item]:
    """Items the viewer is an author of."""
    if not roles.is_active_user(viewer):
        return Item.objects.none()
    return Item.objects.filter(authors__user=viewer).distinct()


def visible_items(user: User) -> QuerySet[Item]:
    """Items the user may open: those she coordinates (handed in), reviews (an active review)
    or wrote (drafts too)."""
    if not roles.is_active_user(user):
        return Item.objects.none()
    assigned = reviews_of_expert(user).filter(status__in=Review.ACTIVE).values("item_id")
    return Item.objects.filter(
        (Q(campaign__in=coordinated_campaigns(user)) & ~Q(status=Item.Status.DRAFT))
        | Q(pk__in=assigned)
        | Q(pk__in=items_of_author(user).values("pk"))
    )


def is_coordinator_of(user: User, campaign: Campaign) -> bool:
    return coordinated_campaigns(user).filter(pk=campaign.pk).exists()


def item_for_coordinator(*, viewer: User, pk: int) -> Item:
    """An item of a campaign the viewer runs: 404 if she may not see it at all, 403 if she
    sees it only as an author or an expert."""
    item = (
        visible_items(viewer)
        .select_related("campaign__rubric", "campaign__network", "team", "organization")
        .exclude(status=Item.Status.DRAFT)
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    if not is_coordinator_of(viewer, item.campaign):
        raise PermissionDenied
    return item


def sees_expert_names(viewer: User, item: Item) -> bool:
    """Whether the viewer may learn who reviewed the item: coordinators always; authors only
    in an open campaign; experts see their own reviews, never the others' names when blind."""
    if is_coordinator_of(viewer, item.campaign):
        return True
    return item.campaign.blindness == Campaign.Blindness.OPEN


def sees_author_names(viewer: User, item: Item) -> bool:
    """Whether the viewer may learn who wrote the item: hidden from experts when double-blind."""
    if is_coordinator_of(viewer, item.campaign):
        return True
    return item.campaign.blindness != Campaign.Blindness.DOUBLE


def review_for_coordinator(*, viewer: User, pk: int) -> Review:
    """A review of a campaign the viewer runs (to reassign or extend it): 404 otherwise."""
    review = (
        Review.objects.filter(item__campaign__in=coordinated_campaigns(viewer), pk=pk)
        .select_related("item__campaign", "expert")
        .first()
    )
    if review is None:
        raise Http404
    return review


# --- collective product ---------------------------------------------------------------------


def collective_product_for_compiler(*, viewer: User, pk: int) -> CollectiveProduct:
    product = (
        CollectiveProduct.objects.filter(campaign__in=coordinated_campaigns(viewer), pk=pk)
        .select_related("campaign", "material")
        .first()
    )
    if product is None:
        raise Http404
    return product


def collective_part_for_compiler(*, viewer: User, product_id: int, pk: int) -> CollectivePart:
    """A part of a collective product of a campaign the viewer runs (404 as
    ``collective_product_for_compiler``, and for another product's part)."""
    product = collective_product_for_compiler(viewer=viewer, pk=product_id)
    part = CollectivePart.objects.filter(product=product, pk=pk).first()
    if part is None:
        raise Http404
    part.product = product
    return part


def collective_version_for_compiler(*, viewer: User, pk: int) -> CollectiveVersion:
    version = (
        CollectiveVersion.objects.filter(product__campaign__in=coordinated_campaigns(viewer), pk=pk)
        .select_related("product")
        .first()
    )
    if version is None:
        raise Http404
    return version


# --- the expert community -------------------------------------------------------------------


def community_networks(user: User) -> QuerySet[Network]:
    """Networks whose expert community the user may look through: the networks she belongs
    to (directly or through her organisation)."""
    if not roles.is_active_user(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=roles.member_network_ids(user))


def network_for_community_viewer(*, viewer: User, pk: int) -> Network:
    network = community_networks(viewer).filter(pk=pk).first()
    if network is None:
        raise Http404
    return network


def expert_networks(user: User) -> list[Network]:
    """Networks where the user is an expert: where she keeps an expert profile."""
    return [n for n in community_networks(user) if user.pk in network_expert_ids(n)]


# --- reviews: the expert's and the author's side ---
# An expert sees the reviews assigned to them, whatever their status (a declined one too: the
# queue shows why it left); nobody else's. An author sees their items, their versions and the
# submitted conclusions of each version as soon as each is submitted, with the expert's name
# replaced by «Эксперт N» unless the campaign is open.


def review_for_expert(*, viewer: User, pk: int) -> Review:
    """The viewer's own review, with its item, campaign and rubric: 404 for anyone else."""
    review = (
        reviews_of_expert(viewer=viewer)
        .select_related("item__campaign__rubric", "item__campaign__network")
        .filter(pk=pk)
        .first()
    )
    if review is None:
        raise Http404
    return review


def item_for_author(*, viewer: User, pk: int) -> Item:
    item = items_of_author(viewer=viewer).select_related("campaign").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def draft_for_author(*, viewer: User, pk: int) -> Item:
    """A draft the viewer is an author of: 404 for anyone else, as for any item she may not
    see. A work already handed in is still hers; the views send her to its page."""
    return item_for_author(viewer=viewer, pk=pk)


def coordinates_campaign(user: User, campaign: Campaign) -> bool:
    """Whether the user runs the campaign (the rule of ``coordinated_campaigns``)."""
    return is_coordinator_of(user, campaign)


def expert_hidden_from(user: User, review: Review) -> bool:
    """Whether the viewer must read «Эксперт N» for this review's expert."""
    if review.expert_id == user.pk or coordinates_campaign(user, review.item.campaign):
        return False
    return review.item.campaign.blindness != Campaign.Blindness.OPEN


def authors_hidden_from(user: User, item: Item) -> bool:
    """Whether the viewer (an expert of a double-blind campaign) must not see the authors."""
    if coordinates_campaign(user, item.campaign) or item.authors.filter(user=user).exists():
        return False
    return item.campaign.blindness == Campaign.Blindness.DOUBLE


def review_for_conclusion(*, viewer: User, pk: int) -> Review:
    """A submitted review whose conclusion the viewer may read: their own, one of a campaign
    they coordinate, or one of their own item. 404 otherwise."""
    review = (
        Review.objects.select_related("item__campaign__rubric", "expert")
        .filter(pk=pk, status=Review.Status.SUBMITTED)
        .first()
    )
    if review is None or not roles.is_active_user(viewer):
        raise Http404
    if review.expert_id == viewer.pk or coordinates_campaign(viewer, review.item.campaign):
        return review
    if items_of_author(viewer=viewer).filter(pk=review.item_id).exists():
        return review
    raise Http404


def item_for_bidding(*, viewer: User, pk: int) -> Item:
    """An item the viewer may bid on: a campaign still collecting items, in a network where
    they are an expert and experts review, and not their own. 404 otherwise."""
    if not roles.is_active_user(viewer):
        raise Http404
    item = (
        Item.objects.filter(
            pk=pk,
            campaign__status=Campaign.Status.OPEN,
            campaign__pool__in=[Campaign.Pool.EXPERTS, Campaign.Pool.BOTH],
            campaign__network__expert_profiles__user=viewer,
        )
        .exclude(authors__user=viewer)
        .exclude(status=Item.Status.DRAFT)
        .select_related("campaign")
        .first()
    )
    if item is None:
        raise Http404
    return item


def version_for_reader(*, viewer: User, pk: int) -> ItemVersion:
    """A version of a work, its file to download: for the work's authors (drafts too) and for
    whoever runs its campaign — a contest's organisers read the entries. An expert opens the
    version she reviews through her review (``review_file``), never the others."""
    readable = Q(item__in=items_of_author(viewer=viewer).values("pk")) | Q(
        item__in=coordinated_items(viewer).values("pk")
    )
    version = ItemVersion.objects.filter(readable, pk=pk).select_related("item").first()
    if version is None:
        raise Http404
    return version
