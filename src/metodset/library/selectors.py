"""Reads of the library."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Collection, CollectionItem


def collection_items(*, collection: Collection) -> QuerySet[CollectionItem]:
    """The collection's materials in their order, with what a list shows of them."""
    return collection.items.select_related("material__organization").order_by("order", "pk")
