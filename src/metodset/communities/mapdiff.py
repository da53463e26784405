"""Two versions of a lesson map compared stage by stage, on plain data (no database).

Stages are paired by their titles with difflib's matcher, so an inserted stage reads as added
rather than shifting every later stage into «changed»; stages whose titles differ at the same
place are paired as one stage changed. Text fields are compared word by word, so the page can
strike out what was removed and mark what was added.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

FIELDS = ("title", "minutes", "activities", "expected")

Status = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True)
class StageText:
    title: str
    minutes: int
    activities: str = ""
    expected: str = ""


@dataclass(frozen=True)
class Piece:
    """A run of words: kept (``same``), only in the old version (``removed``), only in the
    new one (``added``)."""

    kind: Literal["same", "removed", "added"]
    text: str


@dataclass
class StageDiff:
    status: Status
    old: StageText | None
    new: StageText | None
    changed: set[str] = field(default_factory=set)
    pieces: dict[str, list[Piece]] = field(default_factory=dict)


def words_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` as runs of kept, removed and added words (whitespace kept)."""
    a, b = old.split(" "), new.split(" ")
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(b[j1:j2])))
    return [p for p in pieces if p.text]


def _pair(old: StageText, new: StageText) -> StageDiff:
    changed = {name for name in FIELDS if getattr(old, name) != getattr(new, name)}
    pieces = {name: words_diff(str(getattr(old, name)), str(getattr(new, name))) for name in FIELDS}
    return StageDiff("changed" if changed else "same", old, new, changed, pieces)


def compare(old: list[StageText], new: list[StageText]) -> list[StageDiff]:
    """The stages of both versions in the new one's order, each marked same, changed, added
    or removed; removed stages stand where they stood in the old version."""
    rows: list[StageDiff] = []
    matcher = difflib.SequenceMatcher(
        a=[s.title for s in old], b=[s.title for s in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        if op in ("equal", "replace"):
            for a, b in zip(olds, news, strict=False):
                rows.append(_pair(a, b))
            olds, news = olds[len(news) :], news[len(olds) :]
        rows.extend(StageDiff("removed", a, None) for a in olds)
        rows.extend(StageDiff("added", None, b) for b in news)
    return rows
