"""Query pieces every capability's selectors use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def subquery_count(queryset: QuerySet, field: str = "pk", *, distinct: bool = False) -> Coalesce:
    """``COUNT(field)`` of a correlated queryset, usable as an annotation.

    A subquery rather than JOIN + GROUP BY: a page of 50 rows then costs one query whatever
    the table's size, and only the rows on the page are counted.
    """
    counted = (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")  # a constant: no GROUP BY, one row per outer row
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def contains_text(text: str, fields: Iterable[str]) -> Q:
    """Case-insensitive ``contains`` over several fields that also works for Cyrillic on SQLite.

    SQLite's LIKE folds only ASCII letters, so «солнышко» would miss «Солнышко» there; trying
    the usual spellings (as typed, lower, upper, capitalised) covers what people type.
    PostgreSQL folds Cyrillic itself, and the extra variants cost it nothing.
    """
    variants = {text, text.lower(), text.upper(), text.capitalize(), text.title()}
    query = Q()
    for field in fields:
        for variant in variants:
            query |= Q(**{f"{field}__icontains": variant})
    return query
