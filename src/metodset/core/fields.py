"""Form fields shared by every app: an id bounded to what the database can hold.

A query string such as ``?program=99999999999999999999`` passes ``IntegerField`` and then
overflows SQLite's INTEGER (or PostgreSQL's bigint) in a foreign-key filter: a 500. ``IdField``
refuses it as a form error instead.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ID_MAX = 2**63 - 1  # BigAutoField: the largest id SQLite and PostgreSQL can hold


class IdField(forms.IntegerField):
    """A positive integer id within the 64-bit range of the database's keys."""

    def __init__(self, **kwargs: Any) -> None:
        message = _("There is no such item: the number is out of range.")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        errors = {"min_value": message, "max_value": message, **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=errors, **kwargs)


def id_or_none(value: str | None) -> int | None:
    """The id a query-string value names, or None when it is not one the database can hold."""
    if not value or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None
