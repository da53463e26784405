"""Two versions of a map compared stage by stage, and the rule for case children's codes: plain
data, no database."""

import pytest

from metodset.communities.mapdiff import Piece, StageText, compare, words_diff
from metodset.communities.services.lessons import looks_like_a_name

OLD = [
    StageText("Мотивация", 3, "Письмо от героя", "Удивление"),
    StageText("Чтение с остановками", 10, "Чтение", "Предположения"),
    StageText("Беседа по вопросам", 7, "Вопросы к тексту", "Ответы"),
    StageText("Рефлексия", 5, "Что было интересно?", "Оценка"),
]


def test_unchanged_maps_compare_as_the_same_stages():
    rows = compare(OLD, OLD)
    assert [r.status for r in rows] == ["same"] * 4
    assert all(not r.changed for r in rows)


def test_an_inserted_stage_is_added_and_the_later_ones_stay_the_same():
    new = [*OLD[:2], StageText("Физминутка", 2), *OLD[2:]]
    assert [r.status for r in compare(OLD, new)] == ["same", "same", "added", "same", "same"]


def test_a_removed_stage_stands_where_it_stood():
    new = [OLD[0], OLD[2], OLD[3]]
    rows = compare(OLD, new)
    assert [r.status for r in rows] == ["same", "removed", "same", "same"]
    assert rows[1].old == OLD[1] and rows[1].new is None


def test_a_changed_stage_names_its_changed_fields_and_marks_the_words():
    changed = StageText("Беседа в парах", 8, "Вопросы к тексту в парах", "Ответы")
    rows = compare(OLD, [OLD[0], OLD[1], changed, OLD[3]])
    assert [r.status for r in rows] == ["same", "same", "changed", "same"]
    assert rows[2].changed == {"title", "minutes", "activities"}
    assert rows[2].pieces["title"] == [
        Piece("same", "Беседа"),
        Piece("removed", "по вопросам"),
        Piece("added", "в парах"),
    ]
    assert rows[2].pieces["minutes"] == [Piece("removed", "7"), Piece("added", "8")]


def test_words_diff_of_empty_text():
    assert words_diff("", "Новое") == [Piece("added", "Новое")]
    assert words_diff("Старое", "") == [Piece("removed", "Старое")]


@pytest.mark.parametrize(
    "code", ["Иванов Петя", "Петя Иванов", "Иванов П.", "Анна Мария Петрова", "Иванова  Аня"]
)
def test_names_are_refused_as_codes(code):
    assert looks_like_a_name(code)


@pytest.mark.parametrize("code", ["Р-1", "Лиса", "Мальчик 3", "р2", "Ребёнок с ОВЗ", "R-1 A"])
def test_codes_and_pseudonyms_are_accepted(code):
    assert not looks_like_a_name(code)
