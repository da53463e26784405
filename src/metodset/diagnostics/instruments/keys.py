"""Checking a test with keys: options and keys as people write them, an item's points (all or
nothing) and the levels of indicators. Pure functions on plain data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_OPTIONS = 12


MAX_POINTS = 100


def options_parse(text: str) -> list[str]:
    """Options from a text: one per line, or separated by «;» when written on one line."""
    text = (text or "").replace("\r\n", "\n").strip()
    parts = text.split("\n") if "\n" in text else text.split(";")
    return [" ".join(p.split()) for p in parts if p.strip()]


def key_parse(text: str | int | float | None) -> list[int]:
    """Numbers of the correct options as written by people («2», «1; 3», «1, 3», «1 и 3») →
    0-based indexes. Raises ValueError with a message."""
    if isinstance(text, int | float):
        text = str(int(text)) if float(text).is_integer() else str(text)
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(_("Give the number of the correct option."))
    tokens = [t for t in re.split(r"[\s,;.и]+", raw) if t]
    numbers = []
    for token in tokens:
        if not token.isdigit():
            raise ValueError(
                _("«%(value)s» is not a list of option numbers; write e.g. «2» or «1; 3».")
                % {"value": raw}
            )
        numbers.append(int(token) - 1)
    return sorted(set(numbers))


def item_points(*, key: Iterable[int], points: int, chosen: Iterable[int]) -> int:
    """All or nothing: the item's points when the chosen options are exactly the key."""
    return points if set(chosen) == set(key) and set(key) else 0


def indicator_values(
    items: Iterable[tuple[int, int, Iterable[int], int]],
    answers: Mapping[int, Iterable[int]],
    *,
    max_level: float,
) -> dict[int, Decimal]:
    """{indicator id: level}: the share of the indicator's points earned × the top level.

    ``items`` are (item id, indicator id, key, points); ``answers`` {item id: chosen indexes}.
    """
    earned: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for item_id, indicator_id, key, points in items:
        total[indicator_id] += points
        earned[indicator_id] += item_points(key=key, points=points, chosen=answers.get(item_id, ()))
    return {
        indicator_id: (Decimal(earned[indicator_id]) / Decimal(total[indicator_id])
                       * Decimal(str(max_level))).quantize(Decimal("0.01"))
        for indicator_id in total
        if total[indicator_id]
    }  # fmt: skip
