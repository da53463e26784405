"""The library in the JSON API: search over the materials the caller may read (with facets
and their counts), a material, collections, and the caller's shelf.

What the caller may not read is 404, as on the pages; the search sees exactly the catalogue's
materials (``library.permissions.readable_materials``).
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.library import permissions, search, selectors
from metodset.library.forms import CatalogueForm
from metodset.library.models import Collection, Licence, Material

from ..enums import choices_enum
from ..params import Id, Pagination, Year

router = Router(tags=["library"])
if TYPE_CHECKING:
    MaterialKind = Material.Kind
    MaterialLicence = Licence
else:
    MaterialKind = choices_enum("MaterialKind", Material.Kind)
    MaterialLicence = choices_enum("MaterialLicence", Licence)


class LibraryOrganizationRef(Schema):
    id: int
    short_name: str


class LibraryMaterialOut(Schema):
    id: int
    title: str
    kind: MaterialKind
    kind_label: str
    annotation: str
    authors: str
    organization: LibraryOrganizationRef | None
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


class LibraryHitOut(Schema):
    material: LibraryMaterialOut
    snippet: str


class LibraryFacetOut(Schema):
    value: str
    label: str
    count: int


class LibraryFacetsOut(Schema):
    kind: list[LibraryFacetOut]
    competency: list[LibraryFacetOut]
    audience: list[LibraryFacetOut]
    organization: list[LibraryFacetOut]
    year: list[LibraryFacetOut]
    licence: list[LibraryFacetOut]


class LibraryCollectionOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    url: str

    @staticmethod
    def resolve_url(obj: Collection) -> str:
        return settings.SITE_URL + reverse("library:collection", args=[obj.pk])


class LibraryCollectionDetailOut(LibraryCollectionOut):
    materials: list[LibraryMaterialOut]

    @staticmethod
    def resolve_materials(obj: Collection) -> list[Material]:
        return obj.materials_read  # type: ignore[attr-defined]


def _narrowed(
    request: ApiRequest,
    q: str,
    kind: str | None,
    audience: str | None,
    licence: str | None,
    competency: int | None,
    organization: int | None,
    year: int | None,
) -> tuple[QuerySet[Material], str]:
    form = CatalogueForm(
        {
            "q": q,
            "kind": [getattr(kind, "value", kind)] if kind else [],
            "audience": [audience] if audience else [],
            "licence": [getattr(licence, "value", licence)] if licence else [],
            "competency": [competency] if competency else [],
            "organization": [organization] if organization else [],
            "year": [year] if year else [],
        }
    )
    return form.filtered(permissions.readable_materials(request.auth)), form.query


class _RankedHits:
    """The search's hits as ninja's pagination slices them: one ranked query a page."""

    def __init__(self, queryset: QuerySet[Material], query: str) -> None:
        self.queryset, self.query = queryset, query
        self.total: int | None = None

    def all(self) -> "_RankedHits":  # ninja counts ``queryset.all().count()``
        return self

    def count(self) -> int:
        if self.total is None:
            self.total = search.search_materials(
                queryset=self.queryset, query=self.query, page=1, per_page=1
            ).total
        return self.total

    def __getitem__(self, window: slice) -> list[dict]:
        start, stop = window.start or 0, window.stop or 0
        size = max(1, stop - start)
        found = search.search_materials(
            queryset=self.queryset, query=self.query, page=start // size + 1, per_page=size
        )
        self.total = found.total
        return [{"material": h.material, "snippet": str(h.snippet)} for h in found.hits]


@router.get(
    "/library/materials",
    response=list[LibraryHitOut],
    summary="Search the library: the materials the caller may read, best first",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def material_search(
    request: ApiRequest,
    q: str = "",
    kind: MaterialKind | None = None,
    audience: str | None = None,
    licence: MaterialLicence | None = None,
    competency: Id | None = None,
    organization: Id | None = None,
    year: Year | None = None,
):
    """Published materials the caller may read matching the words (Russian word forms find
    each other), best first, with a snippet; without ``q`` the newest first. The facets of the
    same query are at ``/library/facets``."""
    narrowed, query = _narrowed(
        request, q[:200], kind, audience, licence, competency, organization, year
    )
    if query:
        return _RankedHits(narrowed, query)
    ordered = narrowed.select_related("organization").order_by("-published_at", "-pk")
    return _Plain(ordered)


class _Plain:
    """The newest materials, in the hits' shape."""

    def __init__(self, queryset: QuerySet[Material]) -> None:
        self.queryset = queryset

    def all(self) -> "_Plain":
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [{"material": m, "snippet": ""} for m in self.queryset[window]]


@router.get("/library/facets", response=LibraryFacetsOut, summary="Facets of a library search")
def material_facets(
    request: ApiRequest,
    q: str = "",
    kind: MaterialKind | None = None,
    audience: str | None = None,
    licence: MaterialLicence | None = None,
    competency: Id | None = None,
    organization: Id | None = None,
    year: Year | None = None,
):
    """How many of the search's materials each kind, competency, level, organisation, year and
    licence has (the same parameters as ``/library/materials``)."""
    narrowed, query = _narrowed(
        request, q[:200], kind, audience, licence, competency, organization, year
    )
    base = search.matching(narrowed, query) if query else narrowed
    facets = search.facets(base)
    return {
        name: [vars(v) for v in getattr(facets, name)]
        for name in ("kind", "competency", "audience", "organization", "year", "licence")
    }


@router.get("/library/materials/{material_id}", response=LibraryMaterialOut, summary="A material")
def material_detail(request: ApiRequest, material_id: Id):
    return permissions.material_for_reader(viewer=request.auth, pk=material_id)


@router.get("/library/collections", response=list[LibraryCollectionOut], summary="Collections")
def collection_list(request: ApiRequest):
    return list(
        permissions.visible_collections(request.auth)
        .exclude(kind=Collection.Kind.SHELF)
        .order_by("kind", "title", "pk")[:500]
    )


@router.get(
    "/library/collections/{collection_id}",
    response=LibraryCollectionDetailOut,
    summary="A collection and the materials of it the caller may read",
)
def collection_detail(request: ApiRequest, collection_id: Id):
    collection = permissions.collection_for_viewer(viewer=request.auth, pk=collection_id)
    items = selectors.collection_items(collection=collection).filter(
        material__in=permissions.readable_materials(request.auth)
    )
    collection.materials_read = [item.material for item in items]  # type: ignore[attr-defined]
    return collection


@router.get("/library/shelf", response=list[LibraryMaterialOut], summary="The caller's shelf")
def shelf(request: ApiRequest):
    items = selectors.shelf_items(request.auth).filter(
        material__in=permissions.readable_materials(request.auth)
    )
    return [item.material for item in items]
