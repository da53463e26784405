"""Main-menu entries that capabilities add (events, questionnaires, programmes, ...).

Core cannot import the apps above it, so each registers its entry in ``AppConfig.ready()``::

    navigation.register("events:catalogue", _("Events"), visible=lambda user: True, order=10)

``visible`` gets the signed-in user and must be cheap (role checks are cached per request).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: Any  # a lazy translation
    visible: Callable[[Any], bool]
    order: int = 100
    menu: str = "main"  # "main": the bar; "user": the person's own menu under their name


_entries: dict[str, NavEntry] = {}


def register(
    url_name: str,
    label: Any,
    *,
    visible: Callable[[Any], bool],
    order: int = 100,
    menu: str = "main",
) -> None:
    _entries[url_name] = NavEntry(url_name, label, visible, order, menu)


def entries_for(user: Any, menu: str = "main") -> list[dict[str, Any]]:
    """``[{"url": ..., "label": ...}]`` of the entries of ``menu`` this user sees, in order."""
    return [
        {"url": reverse(e.url_name), "label": e.label}
        for e in sorted(_entries.values(), key=lambda e: (e.order, e.url_name))
        if e.menu == menu and e.visible(user)
    ]
