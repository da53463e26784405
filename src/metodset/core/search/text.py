"""Words, Snowball stems, queries and highlighted snippets: the pure half of the search.

Both engines see text through these functions. SQLite's FTS5 tables hold the stems made here;
PostgreSQL stems with its own ``russian`` configuration, which runs the same Snowball
algorithms (Russian for Cyrillic words, English for Latin ones) with the same stop-word lists,
copied below from PostgreSQL's ``tsearch_data``. Both get ``ё`` written as ``е`` first, so
«ёлка» and «елка» are one word everywhere. Snippets are cut here in Python, not by
``ts_headline``, so that a page of results reads the same on both engines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word: letters and digits; hyphens, apostrophes and underscores split words, as
# PostgreSQL's parser splits «мастер-класс» into «мастер» and «класс».
WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"^[а-яё]+$")
LATIN = re.compile(r"^[a-z]+$")

# PostgreSQL 15 tsearch_data/russian.stop and english.stop (the Snowball lists).
_RUSSIAN_STOP = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
    ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни
    быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где
    есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж
    тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее
    сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше
    тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой
    перед иногда лучше чуть том нельзя такой им более всегда конечно всю между"""
_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will just
    don should now"""
RUSSIAN_STOP = frozenset(_RUSSIAN_STOP.split())
ENGLISH_STOP = frozenset(_ENGLISH_STOP.split())
STOP_WORDS = RUSSIAN_STOP | ENGLISH_STOP

# More words than this in a query are ignored: each costs a condition in the SQL.
MAX_QUERY_WORDS = 8

_russian = snowballstemmer.stemmer("russian")
_english = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Lower case with «ё» as «е»: what both engines are given to index and to search."""
    return text.lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """The words of a text, normalised, stop words included."""
    return WORD.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a normalised word: Russian for Cyrillic, English for Latin letters;
    a word with digits or mixed letters stays as it is (PostgreSQL does not stem those)."""
    if CYRILLIC.match(word):
        return str(_russian.stemWord(word))
    if LATIN.match(word):
        return str(_english.stemWord(word))
    return word


def stems(text: str) -> str:
    """The text as its stems without stop words, space-separated: an FTS5 column's content."""
    return " ".join(stem(word) for word in words(text) if word not in STOP_WORDS)


@dataclass(frozen=True)
class Term:
    """One word of a person's query and its stem."""

    word: str
    stem: str


def query_terms(query: str) -> list[Term]:
    """The words of a query that can be searched for: no stop words, each stem once, at most
    ``MAX_QUERY_WORDS``. Quotes, stars, minus signs and FTS5 or tsquery operators are not
    words, so they never reach either engine's query syntax; «OR», «NEAR» and «AND» are
    searched for as the ordinary words they are (the first two are English stop words)."""
    terms: list[Term] = []
    seen: set[str] = set()
    for word in words(query):
        if word in STOP_WORDS:
            continue
        word_stem = stem(word)
        if word_stem in seen:
            continue
        seen.add(word_stem)
        terms.append(Term(word, word_stem))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return terms


def _matches(text: str, wanted: set[str]) -> Iterator[tuple[int, int]]:
    for match in WORD.finditer(text):
        if stem(normalise(match.group())) in wanted:
            yield match.start(), match.end()


def highlight(text: str, query: str, length: int = 240) -> SafeString:
    """About ``length`` characters of the text around its first words matching the query (in
    any form), HTML-escaped, with each matching word in ``<mark>``. A text without a match
    gives its beginning; «…» marks where the text was cut."""
    text = " ".join(text.split())
    wanted = {term.stem for term in query_terms(query)}
    spans = list(_matches(text, wanted)) if wanted else []
    start = 0
    if spans and spans[0][0] > length // 4:
        # Start a quarter of the window before the first match, at a word's beginning.
        start = spans[0][0] - length // 4
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else spans[0][0]
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    parts: list[str] = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < start:
            continue
        if span_end > end:
            break
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of the text is escaped above


def trigrams(word: str) -> set[str]:
    """The trigrams pg_trgm makes of one word: padded with two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all their trigrams."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second) if first or second else 0.0


def suggest(query: str, texts: Iterable[str], *, threshold: float = 0.35) -> str | None:
    """«Возможно, вы искали: …»: the query with each word that none of the texts holds replaced
    by the texts' most similar word, or None when nothing would change."""
    vocabulary = {word for text in texts for word in words(text) if word not in STOP_WORDS}
    known = {stem(word) for word in vocabulary}
    suggested: list[str] = []
    changed = False
    for term in query_terms(query):
        if term.stem in known or not vocabulary:
            suggested.append(term.word)
            continue
        best = max(sorted(vocabulary), key=lambda word: similarity(term.word, word))
        if similarity(term.word, best) >= threshold:
            suggested.append(best)
            changed = True
        else:
            suggested.append(term.word)
    return " ".join(suggested) if changed else None
