"""The library in the JSON API: search over the materials the caller may read (with facets
and their counts), a material, collections, and the caller's shelf.

What the caller may not read is 404, as on the pages; the search sees exactly the catalogue's
materials (``library.permissions.readable_materials``).
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from ninja import Field, Router, Schema

from metodset.api.auth import ApiRequest
from metodset.library import permissions, search, selectors
from metodset.library.forms import CatalogueForm
from metodset.library.models import Collection, Licence, Material

from ..enums import choices_enum
from ..params import Id

router = Router(tags=["library"])
if TYPE_CHECKING:
    MaterialKind = Material.Kind
    MaterialLicence = Licence
else:
    MaterialKind = choices_enum("MaterialKind", Material.Kind)
    MaterialLicence = choices_enum("MaterialLicence", Licence)

PER_PAGE_MAX = 100


class OrganizationRef(Schema):
    id: int
    short_name: str


class MaterialOut(Schema):
    id: int
    title: str
    kind: MaterialKind
    kind_label: str
    annotation: str
    authors: str
    organization: OrganizationRef | None
    levels: list[str]
    subjects: str
    year: int | None
    licence: MaterialLicence
    published_at: datetime | None
    url: str
    link: str

    @staticmethod
    def resolve_kind_label(obj: Material) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_annotation(obj: Material) -> str:
        return obj.description

    @staticmethod
    def resolve_levels(obj: Material) -> list[str]:
        return obj.audience_codes

    @staticmethod
    def resolve_url(obj: Material) -> str:
        return settings.SITE_URL + reverse("library:material", args=[obj.pk])

    @staticmethod
    def resolve_link(obj: Material) -> str:
        return obj.url


class HitOut(Schema):
    material: MaterialOut
    snippet: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class FacetsOut(Schema):
    kind: list[FacetOut]
    competency: list[FacetOut]
    audience: list[FacetOut]
    organization: list[FacetOut]
    year: list[FacetOut]
    licence: list[FacetOut]


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    suggestion: str | None
    hits: list[HitOut]
    facets: FacetsOut


class CollectionOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    url: str

    @staticmethod
    def resolve_url(obj: Collection) -> str:
        return settings.SITE_URL + reverse("library:collection", args=[obj.pk])


class CollectionDetailOut(CollectionOut):
    materials: list[MaterialOut]

    @staticmethod
    def resolve_materials(obj: Collection) -> list[Material]:
        return obj.materials_read  # type: ignore[attr-defined]


@router.get("/library/materials", response=SearchOut, summary="Search the library")
def material_search(
    request: ApiRequest,
    q: str = Field("", max_length=200),
    kind: list[MaterialKind] = Field(default_factory=list),  # noqa: B008 - ninja's declaration
    audience: list[str] = Field(default_factory=list),  # noqa: B008
    licence: list[MaterialLicence] = Field(default_factory=list),  # noqa: B008
    competency: list[Id] = Field(default_factory=list),  # noqa: B008
    organization: list[Id] = Field(default_factory=list),  # noqa: B008
    year: list[int] = Field(default_factory=list),  # noqa: B008
    page: int = Field(1, ge=1, le=100_000),
    per_page: int = Field(20, ge=1, le=PER_PAGE_MAX),
):
    """Published materials the caller may read matching the words (Russian word forms find
    each other), best first, with facet counts over all the matches; without ``q`` the newest
    first."""
    form = CatalogueForm(
        {
            "q": q,
            "kind": [str(k) for k in kind],
            "audience": audience,
            "licence": [str(v) for v in licence],
            "competency": competency,
            "organization": organization,
            "year": year,
        }
    )
    narrowed = form.filtered(permissions.readable_materials(request.auth))
    query = form.query
    if query:
        found = search.search_materials(
            queryset=narrowed, query=query, page=page, per_page=per_page
        )
        hits = [{"material": h.material, "snippet": str(h.snippet)} for h in found.hits]
        total, suggestion = found.total, found.suggestion
        base = search.matching(narrowed, query, fuzzy=found.fuzzy)
    else:
        ordered = narrowed.select_related("organization").order_by("-published_at", "-pk")
        start = (page - 1) * per_page
        hits = [{"material": m, "snippet": ""} for m in ordered[start : start + per_page]]
        total, suggestion, base = narrowed.count(), None, narrowed
    facets = search.facets(base)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "suggestion": suggestion,
        "hits": hits,
        "facets": {
            name: [vars(v) for v in getattr(facets, name)]
            for name in ("kind", "competency", "audience", "organization", "year", "licence")
        },
    }


@router.get("/library/materials/{material_id}", response=MaterialOut, summary="A material")
def material_detail(request: ApiRequest, material_id: Id):
    return permissions.material_for_reader(viewer=request.auth, pk=material_id)


@router.get("/library/collections", response=list[CollectionOut], summary="Collections")
def collection_list(request: ApiRequest):
    return list(
        permissions.visible_collections(request.auth)
        .exclude(kind=Collection.Kind.SHELF)
        .order_by("kind", "title", "pk")[:500]
    )


@router.get(
    "/library/collections/{collection_id}",
    response=CollectionDetailOut,
    summary="A collection and the materials of it the caller may read",
)
def collection_detail(request: ApiRequest, collection_id: Id):
    collection = permissions.collection_for_viewer(viewer=request.auth, pk=collection_id)
    items = selectors.collection_items(collection=collection).filter(
        material__in=permissions.readable_materials(request.auth)
    )
    collection.materials_read = [item.material for item in items]  # type: ignore[attr-defined]
    return collection


@router.get("/library/shelf", response=list[MaterialOut], summary="The caller's shelf")
def shelf(request: ApiRequest):
    items = selectors.shelf_items(request.auth).filter(
        material__in=permissions.readable_materials(request.auth)
    )
    return [item.material for item in items]
