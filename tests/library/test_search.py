"""Full-text search of the library on a Russian corpus of 240 materials: word forms, ranking,
snippets, facets, misspellings (PostgreSQL) and hostile queries. The suite runs on SQLite and
on PostgreSQL, and the expected top results below are the same for both."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from metodset.library import search
from metodset.library.models import Material
from tests import factories
from tests.library.corpus import CORPUS, TEMPLATES

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm similarity is PostgreSQL's"
)


@pytest.fixture
def corpus(db):
    """The corpus's materials by number (bulk-created in order, then indexed at once)."""
    organizations = [factories.organization() for _ in range(3)]
    competencies = list(factories.framework_small().competencies.order_by("code"))
    materials = Material.objects.bulk_create(
        Material(
            title=s.title,
            kind=s.kind,
            description=s.description,
            body_text=s.body_text,
            result=s.result,
            authors=s.authors,
            subjects=s.subjects,
            audiences=s.audiences,
            year=s.year,
            licence=s.licence,
            organization=None if s.organization is None else organizations[s.organization],
            status=Material.Status.PUBLISHED if s.published else Material.Status.DRAFT,
            visibility=Material.Visibility.NETWORK,
        )
        for s in CORPUS
    )
    Through = Material.competencies.through
    Through.objects.bulk_create(
        Through(material_id=m.pk, competency_id=competencies[c].pk)
        for m, s in zip(materials, CORPUS, strict=True)
        for c in s.competencies
    )
    assert search.reindex_materials() == len(CORPUS)
    by_number = Corpus({s.number: m for s, m in zip(CORPUS, materials, strict=True)})
    by_number.competencies = competencies
    return by_number


class Corpus(dict):
    """Materials by corpus number, with the framework's competencies they were given."""

    competencies: list


def published():
    return Material.objects.filter(status=Material.Status.PUBLISHED)


def numbers(corpus, query: str, *, per_page: int = 500) -> list[int]:
    """The corpus numbers of the published materials found, in rank order."""
    by_pk = {m.pk: n for n, m in corpus.items()}
    result = search.search_materials(queryset=published(), query=query, per_page=per_page)
    return [by_pk[hit.material.pk] for hit in result.hits]


def expected(*templates: int) -> set[int]:
    return {s.number for s in CORPUS if s.template in templates and s.published}


def test_word_forms_find_each_other(corpus):
    found = {form: set(numbers(corpus, form)) for form in ("учитель", "учителя", "учителей")}
    assert found["учитель"] == found["учителя"] == found["учителей"] == expected(1, 3, 5, 6, 8, 9)
    # «грамотность» in the query, «грамотности» in the titles; «ё» and «е» are one letter.
    assert set(numbers(corpus, "ГРАМОТНОСТЬ")) == expected(0)
    assert set(numbers(corpus, "приемы работы с текстом")) == expected(0)


def test_every_word_must_be_found(corpus):
    found = set(numbers(corpus, "функциональная грамотность математика"))
    assert found == {
        s.number for s in CORPUS if s.template == 0 and s.published and "математики" in s.title
    }
    assert numbers(corpus, "грамотность космос") == []


def test_a_title_hit_ranks_above_an_annotation_hit(corpus):
    titled = factories.organization()
    in_title = Material.objects.create(
        title="Геокешинг на уроках", kind="development", status="published", organization=titled
    )
    in_annotation = Material.objects.create(
        title="Прогулка по городу",
        kind="development",
        description="Маршрут с элементами геокешинга для пятиклассников.",
        status="published",
    )
    search.reindex_materials([in_title.pk, in_annotation.pk])
    result = search.search_materials(queryset=published(), query="геокешинг", per_page=10)
    assert [hit.material for hit in result.hits] == [in_title, in_annotation]
    assert result.hits[0].rank > result.hits[1].rank
    # In the corpus, every material with «учител…» in the title comes before the others.
    found = numbers(corpus, "учителей")
    titled_first = [CORPUS[n].template in (6, 8, 9) for n in found]
    assert titled_first == sorted(titled_first, reverse=True)
    assert titled_first.count(True) == len(expected(6, 8, 9))


# The top five of fixed queries, as corpus numbers: the same on SQLite and on PostgreSQL.
TOP = {
    "учитель": [239, 238, 236, 229, 228],
    "технологическая карта урока": [231, 221, 211, 201, 191],
    "наставничество молодых учителей": [233, 223, 213, 203, 193],
    "Иванова": [238, 235, 231, 228, 224],
    "космос": [214, 207, 172, 144, 137],
    "рефлексия": [231, 221, 211, 201, 191],
    "урок математики": [231, 220, 187, 121, 110],
    "презентация": [237, 217, 207, 197, 187],
    "учитель проект химии": [149, 39],
}


@pytest.mark.parametrize("query", sorted(TOP))
def test_top_results_are_the_same_on_both_engines(corpus, query):
    assert numbers(corpus, query)[:5] == TOP[query]


def test_paging_gives_the_total_and_the_rest_in_order(corpus):
    everything = numbers(corpus, "учителя")
    first = search.search_materials(queryset=published(), query="учителя", per_page=10)
    second = search.search_materials(queryset=published(), query="учителя", page=2, per_page=10)
    beyond = search.search_materials(queryset=published(), query="учителя", page=99, per_page=10)
    assert first.total == second.total == beyond.total == len(everything)
    assert [h.material.pk for h in first.hits + second.hits] == [
        corpus[n].pk for n in everything[:20]
    ]
    assert beyond.hits == []
    assert first.pages == -(-len(everything) // 10)


def test_only_the_given_queryset_is_searched(corpus):
    drafts = {s.number for s in CORPUS if s.template == 0 and not s.published}
    assert drafts
    assert not drafts & set(numbers(corpus, "грамотность"))
    everyone = search.search_materials(
        queryset=Material.objects.all(), query="грамотность", per_page=500
    )
    assert len(everyone.hits) == len(expected(0)) + len(drafts)


def test_snippets_mark_the_words_found_and_escape_the_rest(corpus):
    result = search.search_materials(queryset=published(), query="учителей", per_page=500)
    by_template = {}
    by_pk = {m.pk: n for n, m in corpus.items()}
    for hit in result.hits:
        by_template.setdefault(CORPUS[by_pk[hit.material.pk]].template, hit)
    assert "<mark>учителей</mark>" in by_template[3].snippet
    assert "<mark>учителя</mark>" in by_template[1].snippet
    assert "<mark>Учитель</mark>" in by_template[5].snippet  # the result of a quantum
    assert str(by_template[8].title).startswith(
        "Положение о методическом объединении <mark>учителей</mark>"
    )
    hostile = Material.objects.create(
        title="Учитель <b>года</b>",
        kind="article",
        description="<script>alert(1)</script> учитель & ученик",
        status="published",
    )
    search.reindex_material(hostile)
    hit = next(
        h
        for h in search.search_materials(queryset=published(), query="учитель", per_page=500).hits
        if h.material == hostile
    )
    assert hit.title == "<mark>Учитель</mark> &lt;b&gt;года&lt;/b&gt;"
    assert hit.snippet == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>учитель</mark> &amp; ученик"


def test_a_changed_material_is_found_by_its_new_words_only(corpus):
    material = corpus[0]
    material.title = "Финансовая математика для старшеклассников"
    material.save()
    search.reindex_material(material)
    assert 0 not in numbers(corpus, "грамотность")
    assert numbers(corpus, "финансовой") == [0]


def _counts(numbers_, key) -> dict:
    counts = Counter()
    for n in numbers_:
        for value in key(CORPUS[n]):
            counts[value] += 1
    return dict(counts)


def _facet(values) -> dict:
    return {v.value: v.count for v in values}


@pytest.mark.parametrize("query", ["", "грамотности", "учитель"])
def test_facets_count_what_was_found(corpus, query):
    competencies = corpus.competencies
    organizations = sorted({m.organization_id for m in corpus.values() if m.organization_id})
    if query:
        queryset = search.matching(published(), query)
        found = numbers(corpus, query)
    else:
        queryset = published()
        found = sorted(expected(*range(len(TEMPLATES))))
    facets = search.facets(queryset)
    assert _facet(facets.kind) == _counts(found, lambda s: [s.kind])
    assert _facet(facets.year) == {str(k): v for k, v in _counts(found, lambda s: [s.year]).items()}
    assert _facet(facets.licence) == _counts(found, lambda s: [s.licence])
    assert _facet(facets.audience) == _counts(
        found, lambda s: [c for c in s.audiences.split(",") if c]
    )
    assert _facet(facets.competency) == {
        str(competencies[c].pk): v for c, v in _counts(found, lambda s: s.competencies).items()
    }
    assert _facet(facets.organization) == {
        str(organizations[o]): v
        for o, v in _counts(
            found, lambda s: [] if s.organization is None else [s.organization]
        ).items()
    }
    assert [v.count for v in facets.kind] == sorted((v.count for v in facets.kind), reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "OR",
        "-",
        "NEAR(",
        "AND",
        ")",
        "'",
        "\\",
        "{a}:",
        "^",
        "и в на",
        "   ",
        ":A",
        "!!&|",
        "²",
        "٣",
    ],
)
def test_operators_and_stop_words_alone_find_nothing_and_break_nothing(corpus, query):
    result = search.search_materials(queryset=published(), query=query)
    assert (result.hits, result.total) == ([], 0)
    assert search.matching(published(), query).count() == 0


@pytest.mark.parametrize(
    "query",
    ['"учителя', "учителя*", "-учителя", "учителя OR", "учителя:A", "(учителя)"],
)
def test_operators_around_words_are_ignored(corpus, query):
    assert set(numbers(corpus, query)) == expected(1, 3, 5, 6, 8, 9)
    assert search.matching(published(), query).count() == len(expected(1, 3, 5, 6, 8, 9))


@on_postgresql
def test_a_misspelt_query_finds_similar_titles_and_suggests_the_words(corpus):
    result = search.search_materials(
        queryset=published(), query="функцианальной грамотнсти", per_page=500
    )
    assert result.fuzzy
    assert result.hits
    assert {
        CORPUS[n].template
        for n in [
            next(k for k, m in corpus.items() if m.pk == hit.material.pk) for hit in result.hits
        ]
    } == {0}
    assert result.suggestion == "функциональной грамотности"
    assert (
        search.matching(published(), "функцианальной грамотнсти", fuzzy=True).count()
        == result.total
    )


def _index_exists() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'library_material' AND column_name = 'search_vector'"
            )
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'library_material_fts'")
        return cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_reverses_and_indexes_the_materials_there_are():
    material = Material.objects.create(title="Учитель года", kind="article", status="published")
    call_command("migrate", "library", "0003", verbosity=0)
    assert not _index_exists()
    call_command("migrate", "library", verbosity=0)
    assert _index_exists()
    result = search.search_materials(queryset=published(), query="учителя")
    assert [hit.material for hit in result.hits] == [material]
