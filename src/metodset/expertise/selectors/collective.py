"""Reads of collective products: the parts in order with their authors and texts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ..models import CollectivePart, CollectiveProduct, ItemAuthor, ItemVersion


@dataclass(frozen=True)
class Work:
    part: CollectivePart
    title: str
    authors: str
    annotation: str
    text: str
    attachments: list[str]


def author_name(author: ItemAuthor) -> str:
    """Иванова М. П. for an account, the name as typed for an author without one."""
    return author.user.initials_name if author.user is not None else author.name


def _author_line(authors: list[ItemAuthor]) -> str:
    names = []
    for author in authors:
        name = author_name(author)
        names.append(f"{name} ({author.organization.short_name})" if author.organization else name)
    return ", ".join(names)


def parts(product: CollectiveProduct) -> QuerySet[CollectivePart]:
    authors = ItemAuthor.objects.select_related("user", "organization").order_by("pk")
    return product.parts.select_related("item").prefetch_related(
        Prefetch("item__authors", queryset=authors, to_attr="author_list"),
        Prefetch(
            "item__versions", queryset=ItemVersion.objects.order_by("-number"), to_attr="newest"
        ),
    )


def parts_in_order(product: CollectiveProduct) -> list[Work]:
    """Each part with the text of the item's latest version: the one that was recommended."""
    works = []
    for part in parts(product):
        item = part.item
        versions = list(item.versions.all())  # prefetched, newest first
        latest = versions[0] if versions else None
        attachments = []
        if latest is not None and latest.file:
            attachments.append(str(latest.file.name).rsplit("/", 1)[-1])
        if latest is not None and latest.url:
            attachments.append(latest.url)
        works.append(
            Work(
                part=part,
                title=item.title,
                authors=_author_line(list(item.authors.all())),
                annotation=item.description,
                text=latest.text if latest is not None else "",
                attachments=attachments,
            )
        )
    return works


def author_names(product: CollectiveProduct) -> list[str]:
    """Every author of the product's parts once, in the parts' order."""
    seen: dict[str, None] = {}
    for part in parts(product):
        for author in part.item.authors.all():
            seen.setdefault(author_name(author), None)
    return list(seen)
