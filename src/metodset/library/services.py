"""Writes of the library: materials and what collections hold."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from metodset.accounts.models import Network, Organization, User

from .models import Collection, CollectionItem, Material


@transaction.atomic
def material_create(*, by: User | None, title: str, kind: str, **fields: Any) -> Material:
    material = Material(title=title, kind=kind, created_by=by, **fields)
    material.full_clean()
    material.save()
    return material


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
