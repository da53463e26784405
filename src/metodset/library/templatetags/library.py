"""Small template helpers of the library's pages."""

from __future__ import annotations

from typing import Any

from django import template

from .. import permissions

register = template.Library()


@register.filter
def moderates_library(user: Any) -> bool:
    """Whether the tabs offer moderation and the report to this person."""
    return bool(user.is_authenticated and permissions.is_moderator(user))


@register.simple_tag
def facet_url(params: Any, name: str, value: Any) -> str:
    """The query string with ``name=value`` switched on or off, back to the first page."""
    query = params.copy()
    query.pop("page", None)
    values = query.getlist(name)
    text = str(value)
    if text in values:
        values.remove(text)
    else:
        values.append(text)
    query.setlist(name, values)
    return query.urlencode()


@register.filter
def is_selected(params: Any, pair: str) -> bool:
    """``params|is_selected:"kind=video"``."""
    name, _sep, value = pair.partition("=")
    return value in params.getlist(name)
