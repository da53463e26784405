"""Writes of collections: the network's e-case, a programme's final case, a teacher's shelf."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from metodset.accounts.models import Network, Organization, User

from ..models import Collection, CollectionItem, Material


def collection_create(
    *,
    title: str,
    by: User | None,
    organization: Organization | None = None,
    network: Network | None = None,
    **fields: Any,
) -> Collection:
    """A new, empty collection (a programme's final case, a network's case)."""
    return Collection.objects.create(
        title=title, organization=organization, network=network, created_by=by, **fields
    )


@transaction.atomic
def collection_add(*, collection: Collection, material: Material, note: str = "") -> CollectionItem:
    """Put the material at the end of the collection (once)."""
    last = collection.items.aggregate(n=Max("order"))["n"]
    item, _created = CollectionItem.objects.get_or_create(
        collection=collection,
        material=material,
        defaults={"order": 0 if last is None else last + 1, "note": note},
    )
    return item


def collection_remove(*, collection: Collection, material: Material) -> None:
    CollectionItem.objects.filter(collection=collection, material=material).delete()


def shelf_of(person: User) -> Collection:
    """The person's own shelf (made the first time she saves something)."""
    shelf, _created = Collection.objects.get_or_create(
        kind=Collection.Kind.SHELF,
        owner=person,
        defaults={
            "title": _("My shelf"),
            "visibility": Collection.Visibility.OWNERS,
            "created_by": person,
        },
    )
    return shelf


def shelf_add(*, person: User, material: Material) -> CollectionItem:
    return collection_add(collection=shelf_of(person), material=material)


def shelf_remove(*, person: User, material: Material) -> None:
    collection_remove(collection=shelf_of(person), material=material)


@transaction.atomic
def collection_move(*, collection: Collection, material: Material, up: bool) -> None:
    """One place up or down: swap the order with the neighbour."""
    items = list(collection.items.order_by("order", "pk"))
    index = next((i for i, item in enumerate(items) if item.material_id == material.pk), None)
    if index is None:
        return
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
