"""The pure half of the search: words, stems, queries, snippets and suggestions."""

from __future__ import annotations

from metodset.core.search import text


def test_word_forms_share_a_stem_and_yo_is_e():
    assert {text.stem(w) for w in ("учитель", "учителя", "учителей", "учителю")} == {"учител"}
    assert text.stems("Ёлка у ЕЛКИ") == "елк елк"
    assert text.stem("teachers") == text.stem("teacher") == "teacher"
    assert text.stem("5класс") == "5класс"  # digits: kept as they are, as PostgreSQL does


def test_hyphens_and_punctuation_split_words():
    assert text.words("Мастер-класс «Учитель–исследователь», 2024 г.") == [
        "мастер",
        "класс",
        "учитель",
        "исследователь",
        "2024",
        "г",
    ]


def test_a_query_keeps_words_only_once_without_stop_words_or_operators():
    terms = text.query_terms('"Учителя" OR учителей* -и NEAR( для "ёлки')
    assert terms == [
        text.Term("учителя", "учител"),
        text.Term("near", "near"),
        text.Term("елки", "елк"),
    ]
    assert text.query_terms('" * - ( ) и в на the or') == []
    assert len(text.query_terms(" ".join(f"слово{n}" for n in range(20)))) == text.MAX_QUERY_WORDS


def test_highlight_marks_every_form_and_escapes():
    snippet = text.highlight("Учитель <b>и</b> учителя & «учительская»", "учителей")
    assert snippet == (
        "<mark>Учитель</mark> &lt;b&gt;и&lt;/b&gt; <mark>учителя</mark> &amp; «учительская»"
    )


def test_highlight_cuts_around_the_first_match_at_word_boundaries():
    before = "Вступление к программе повышения квалификации. " * 5
    after = " Итоги и литература." * 20
    snippet = text.highlight(
        before + "Работа наставника с молодыми учителями." + after, "наставник", length=80
    )
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>наставника</mark>" in snippet
    assert len(str(snippet).replace("<mark>", "").replace("</mark>", "")) <= 82
    assert not snippet.lstrip("…").startswith(" ")


def test_highlight_without_a_match_gives_the_beginning():
    assert text.highlight("Короткая аннотация.", "космос") == "Короткая аннотация."
    assert text.highlight("слово " * 100, "", length=20) == "слово слово слово…"


def test_similarity_is_pg_trgm_s():
    assert text.similarity("грамотности", "грамотности") == 1.0
    assert 0.3 < text.similarity("грамотнсти", "грамотности") < 1.0
    assert text.similarity("кот", "слон") == 0.0


def test_suggestion_replaces_only_unknown_words():
    titles = ["Формирование функциональной грамотности на уроках математики"]
    assert text.suggest("функцианальной грамотнсти", titles) == "функциональной грамотности"
    assert text.suggest("функциональной грамотности", titles) is None
    assert text.suggest("космос", titles) is None
    assert text.suggest("функцианальной", []) is None
