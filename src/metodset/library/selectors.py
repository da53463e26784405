"""Reads of the library: a person's materials and requests, a material's use, collections,
the dissemination report. Each read takes the joins its page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from metodset.accounts.models import Organization, User

from . import search
from .models import Collection, CollectionItem, Complaint, LearnRequest, Material, MaterialUse


def collection_items(*, collection: Collection) -> QuerySet[CollectionItem]:
    """The collection's materials in their order, with what a list shows of them."""
    return collection.items.select_related("material__organization").order_by("order", "pk")


def shelf_items(person: User) -> QuerySet[CollectionItem]:
    """The person's shelf in its order (none until she saves something: reading makes none)."""
    return (
        CollectionItem.objects.filter(
            collection__kind=Collection.Kind.SHELF, collection__owner=person
        )
        .select_related("material__organization", "material__created_by")
        .order_by("order", "pk")
    )


def shelf_material_ids(person: User) -> set[int]:
    return set(
        CollectionItem.objects.filter(
            collection__kind=Collection.Kind.SHELF, collection__owner=person
        ).values_list("material_id", flat=True)
    )


def on_shelf(*, person: User, material: Material) -> bool:
    return CollectionItem.objects.filter(
        collection__kind=Collection.Kind.SHELF, collection__owner=person, material=material
    ).exists()


@dataclass(frozen=True)
class UsesSummary:
    uses: int
    people: int
    organizations: int
    latest: list[MaterialUse]


def uses_summary(*, material: Material) -> UsesSummary:
    counts = material.uses.aggregate(
        uses=Count("pk"),
        people=Count("person", distinct=True),
        organizations=Count("organization", distinct=True),
    )
    latest = list(material.uses.select_related("person", "organization")[:5])
    return UsesSummary(latest=latest, **counts)


def open_learn_request(*, person: User, material: Material) -> LearnRequest | None:
    return material.learn_requests.filter(person=person).order_by("-created_at").first()


def materials_of(person: User) -> QuerySet[Material]:
    return (
        Material.objects.filter(created_by=person)
        .select_related("organization")
        .order_by("-updated_at", "-pk")
    )


def learn_requests_to(person: User) -> QuerySet[LearnRequest]:
    """Requests to learn the person's quanta of practice, the open ones first."""
    return (
        LearnRequest.objects.filter(material__created_by=person)
        .select_related("material", "person")
        .order_by("-status", "-created_at")  # «open» sorts after «declined» and «agreed»
    )


def learn_requests_of(person: User) -> QuerySet[LearnRequest]:
    return LearnRequest.objects.filter(person=person).select_related("material__created_by")


def open_complaints(materials: QuerySet[Material]) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(resolved_at__isnull=True, material__in=materials)
        .select_related("material", "person")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ReportRow:
    name: str
    published: int
    views: int
    downloads: int
    uses: int
    used_by: int


def dissemination(materials: QuerySet[Material], *, by: str) -> list[ReportRow]:
    """What was published and how it spread, per author (``by="author"``) or organisation:
    three aggregate queries whatever the number of materials."""
    key = "created_by" if by == "author" else "organization"
    published = materials.filter(status=Material.Status.PUBLISHED)
    totals = published.values(key).annotate(
        n=Count("pk"), views=Sum("views_count"), downloads=Sum("downloads_count")
    )
    uses = (
        MaterialUse.objects.filter(material__in=published)
        .values(f"material__{key}")
        .annotate(n=Count("pk"), people=Count("person", distinct=True))
    )
    used = {row[f"material__{key}"]: row for row in uses}
    ids = [row[key] for row in totals if row[key] is not None]
    if by == "author":
        names = {u.pk: u.get_full_name() or u.email for u in User.objects.filter(pk__in=ids)}
    else:
        names = {o.pk: o.short_name or o.name for o in Organization.objects.filter(pk__in=ids)}
    rows = [
        ReportRow(
            name=names.get(row[key], "—"),
            published=row["n"],
            views=row["views"] or 0,
            downloads=row["downloads"] or 0,
            uses=used.get(row[key], {}).get("n", 0),
            used_by=used.get(row[key], {}).get("people", 0),
        )
        for row in totals
    ]
    return sorted(rows, key=lambda r: (-r.uses, -r.published, r.name))


def quanta_authors(materials: QuerySet[Material]) -> QuerySet[User]:
    """Teachers who can teach a practice: authors of published quanta, with how many."""
    return User.objects.filter(
        pk__in=materials.filter(
            kind=Material.Kind.QUANTUM, status=Material.Status.PUBLISHED
        ).values("created_by")
    ).order_by("last_name", "first_name")


@dataclass(frozen=True)
class CompetencyGroup:
    title: str
    items: list[CollectionItem]


def group_by_competency(items: list[CollectionItem]) -> list[CompetencyGroup]:
    """The e-case's materials under each competency they develop (a material under several),
    in the framework's order; those with none at the end. One query for all the tags."""
    from django.utils.translation import gettext as _

    through = Material.competencies.through
    tags = through.objects.filter(material_id__in=[i.material_id for i in items]).select_related(
        "competency__area"
    )
    by_competency: dict[int, tuple[tuple[int, int, int], str, list[CollectionItem]]] = {}
    tagged: set[int] = set()
    by_material = {item.material_id: item for item in items}
    for tag in tags.order_by("competency__area__order", "competency__order", "competency_id"):
        c = tag.competency
        entry = by_competency.setdefault(
            c.pk, ((c.area.order, c.order, c.pk), f"{c.code} {c.title}", [])
        )
        entry[2].append(by_material[tag.material_id])
        tagged.add(tag.material_id)
    groups = [
        CompetencyGroup(title=title, items=sorted(group, key=lambda i: (i.order, i.pk)))
        for _key, title, group in sorted(by_competency.values(), key=lambda v: v[0])
    ]
    rest = [item for item in items if item.material_id not in tagged]
    if rest:
        groups.append(CompetencyGroup(title=_("Other materials"), items=rest))
    return groups


@dataclass(frozen=True)
class CataloguePage:
    materials: list[Material]
    snippets: dict[int, str]  # safe HTML with the found words marked, by material
    total: int
    suggestion: str
    facet_base: QuerySet[Material]  # what the facets count: every match, not one page


def catalogue_page(
    materials: QuerySet[Material], *, query: str, page: int, per_page: int
) -> CataloguePage:
    """One page of the catalogue: found by the words, best first, with snippets; without words
    the newest first. A page past the end is empty, never an error."""
    if query:
        found = search.search_materials(
            queryset=materials, query=query, page=page, per_page=per_page
        )
        return CataloguePage(
            materials=[hit.material for hit in found.hits],
            snippets={hit.material.pk: hit.snippet for hit in found.hits if hit.snippet},
            total=found.total,
            suggestion=found.suggestion or "",
            facet_base=search.matching(materials, query, fuzzy=found.fuzzy),
        )
    newest = materials.select_related("organization").order_by("-published_at", "-pk")
    start = (page - 1) * per_page
    return CataloguePage(
        materials=list(newest[start : start + per_page]),
        snippets={},
        total=materials.count(),
        suggestion="",
        facet_base=materials,
    )
