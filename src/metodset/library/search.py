"""Searching the library: a material's document, keeping the index in step, a ranked page of
results with snippets, and facet counts.

The index itself is ``core.search`` (see its engine's docstring for why and how it ranks):
the title weighs most (A); authors, the kind's Russian name and subjects next (B); the
annotation and the result of a quantum of practice (C); the text of the file last (D).
The library's services call :func:`reindex_material` after every write to a material.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from metodset.core.search import engine, text
from metodset.diagnostics.models import Competency

from .models import Audience, Licence, Material

INDEX = engine.SearchIndex(table=Material._meta.db_table)


class Searchable(Protocol):
    """What a document is made of: a Material or the migration's historical one."""

    pk: Any
    title: str
    kind: str
    description: str
    authors: str
    subjects: str
    result: str
    body_text: str


@lru_cache(maxsize=1)
def _kind_names() -> dict[str, str]:
    with translation.override("ru"):
        return {code: str(label) for code, label in Material.Kind.choices}


def document(material: Searchable) -> dict[str, str]:
    """The material's text by weight; the kind by its Russian name, whatever the language."""
    kind = _kind_names().get(material.kind, "")
    return {
        "A": material.title,
        "B": " ".join((material.authors, kind, material.subjects)),
        "C": " ".join((material.description, material.result)),
        "D": material.body_text,
    }


def reindex_material(material: Material) -> None:
    """Put the material's current text in the search index (after every write to it)."""
    engine.reindex(INDEX, [(material.pk, document(material))])


def reindex_materials(ids: Iterable[int] | None = None) -> int:
    """Index these materials (all when None), in batches; return how many."""
    materials = Material.objects.order_by("pk").only(
        "pk", "title", "kind", "description", "authors", "subjects", "result", "body_text"
    )
    if ids is not None:
        materials = materials.filter(pk__in=list(ids))
    return engine.reindex(INDEX, ((m.pk, document(m)) for m in materials.iterator(chunk_size=500)))


def forget_materials(ids: list[int]) -> None:
    """Take deleted materials out of the index."""
    engine.forget(INDEX, ids)


@dataclass(frozen=True)
class Hit:
    """A material found, with its title and a snippet of its text, matched words marked."""

    material: Material
    rank: float
    title: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    # Found by the title's similarity to a misspelt query (PostgreSQL), and the query to offer
    # as «Возможно, вы искали: …».
    fuzzy: bool = False
    suggestion: str | None = None

    @property
    def did_you_mean(self) -> str:
        """«Возможно, вы искали: …» with the suggested query, or nothing."""
        if not self.suggestion:
            return ""
        return gettext("Did you mean: %(query)s") % {"query": self.suggestion}

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _snippet(material: Material, query: str) -> SafeString:
    """The first of annotation, result and file text that holds a query word, cut around it."""
    wanted = {term.stem for term in text.query_terms(query)}
    for part in (material.description, material.result, material.body_text):
        if part and wanted & {text.stem(word) for word in text.words(part)}:
            return text.highlight(part, query)
    return text.highlight(material.description or material.result or material.body_text, query)


def search_materials(
    *, queryset: QuerySet[Material], query: str, page: int = 1, per_page: int = 20
) -> SearchResult:
    """One page of the materials of ``queryset`` (what the viewer may see) matching the query,
    best first (two or three queries: the ranked page, the materials of the page)."""
    page = max(1, page)
    found = engine.search(INDEX, queryset, query, offset=(page - 1) * per_page, limit=per_page)
    materials = Material.objects.select_related("organization").in_bulk(found.pks)
    hits = [
        Hit(
            material=materials[pk],
            rank=found.ranks[pk],
            title=text.highlight(materials[pk].title, query, length=1000),
            snippet=_snippet(materials[pk], query),
        )
        for pk in found.pks
        if pk in materials
    ]
    return SearchResult(
        hits=hits,
        total=found.total,
        page=page,
        per_page=per_page,
        fuzzy=found.fuzzy,
        suggestion=found.suggestion,
    )


def matching(
    queryset: QuerySet[Material], query: str, *, fuzzy: bool = False
) -> QuerySet[Material]:
    """The materials of ``queryset`` that match the query (e.g. to count facets of a search);
    ``fuzzy`` as the result said."""
    return engine.restrict(INDEX, queryset, query, fuzzy=fuzzy)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    kind: list[FacetValue] = field(default_factory=list)
    competency: list[FacetValue] = field(default_factory=list)
    audience: list[FacetValue] = field(default_factory=list)
    organization: list[FacetValue] = field(default_factory=list)
    year: list[FacetValue] = field(default_factory=list)
    licence: list[FacetValue] = field(default_factory=list)


def _by_count(values: Iterable[FacetValue]) -> list[FacetValue]:
    return sorted(values, key=lambda v: (-v.count, v.label))


def _grouped(queryset: QuerySet[Material], column: str) -> dict[Any, int]:
    rows = queryset.order_by().values(column).annotate(n=Count("pk", distinct=True))
    return {row[column]: row["n"] for row in rows if row[column] is not None}


def facets(queryset: QuerySet[Material]) -> Facets:
    """How many materials of ``queryset`` each kind, competency, level of education,
    organisation, year and licence has (six queries; empty values left out)."""
    kinds: Mapping[str, Any] = dict(Material.Kind.choices)
    licences: Mapping[str, Any] = dict(Licence.choices)
    by_competency = _grouped(queryset, "competencies")
    competencies = Competency.objects.in_bulk(list(by_competency))
    by_organization = queryset.order_by().values("organization", "organization__short_name")
    audiences = queryset.order_by().aggregate(
        **{code: Count("pk", filter=Q(audiences__contains=f",{code},")) for code in Audience.values}
    )
    return Facets(
        kind=_by_count(
            FacetValue(code, str(kinds.get(code, code)), n)
            for code, n in _grouped(queryset, "kind").items()
        ),
        competency=_by_count(
            FacetValue(str(pk), f"{competencies[pk].code} {competencies[pk].title}", n)
            for pk, n in by_competency.items()
            if pk in competencies
        ),
        audience=[
            FacetValue(code, str(label), audiences[code])
            for code, label in Audience.choices
            if audiences[code]
        ],
        organization=_by_count(
            FacetValue(str(row["organization"]), row["organization__short_name"], row["n"])
            for row in by_organization.annotate(n=Count("pk")).filter(organization__isnull=False)
        ),
        year=sorted(
            (FacetValue(str(year), str(year), n) for year, n in _grouped(queryset, "year").items()),
            key=lambda v: v.value,
            reverse=True,
        ),
        licence=_by_count(
            FacetValue(code, str(licences.get(code, code)), n)
            for code, n in _grouped(queryset, "licence").items()
        ),
    )
