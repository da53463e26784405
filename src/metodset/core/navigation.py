"""Main-menu entries that capabilities add (events, questionnaires, programmes, ...).

Core cannot import the apps above it, so each registers its entry in ``AppConfig.ready()``::

    navigation.register("events:catalogue", _("Events"), visible=lambda user: True, order=10)

``visible`` gets the signed-in user and must be cheap (role checks are cached per request).

``menu`` says where the entry goes: ``"main"`` the bar itself, ``"more"`` the bar's «Ещё»
(registries, boards, maps, imports and rarer tools: a coordinator's bar must stay one line at
1280 px), ``"user"`` the person's own menu under their name. An entry whose address depends on the
person (the board of *their* organisation) gives ``href``: it gets the user and returns the
address, or ``None`` to hide the entry; it may cost a query, since it is asked on every page.
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
    menu: str = "main"  # "main": the bar; "more": its «Ещё»; "user": under the person's name
    href: Callable[[Any], str | None] | None = None


_entries: dict[str, NavEntry] = {}


def register(
    url_name: str,
    label: Any,
    *,
    visible: Callable[[Any], bool],
    order: int = 100,
    menu: str = "main",
    href: Callable[[Any], str | None] | None = None,
) -> None:
    _entries[url_name] = NavEntry(url_name, label, visible, order, menu, href)


def entries_for(user: Any, menu: str = "main") -> list[dict[str, Any]]:
    """``[{"url": ..., "label": ...}]`` of the entries of ``menu`` this user sees, in order."""
    shown = []
    for entry in sorted(_entries.values(), key=lambda e: (e.order, e.url_name)):
        if entry.menu != menu or not entry.visible(user):
            continue
        url = entry.href(user) if entry.href else reverse(entry.url_name)
        if url:
            shown.append({"url": url, "label": entry.label})
    return shown
