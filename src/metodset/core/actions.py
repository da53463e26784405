"""Buttons that capabilities add to another app's pages (e.g. «Выдать сертификаты»).

A lower app cannot import the apps above it, so it names a slot in its template and the
higher app registers its action in ``AppConfig.ready()``::

    actions.register("programs.completion", _("Issue certificates"), "certificates:program",
                     visible=lambda user, program: can_coordinate(user, program))

The URL is reversed with the object's primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Action:
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any, Any], bool]


_slots: dict[str, dict[str, Action]] = {}


def register(slot: str, label: Any, url_name: str, *, visible: Callable[[Any, Any], bool]) -> None:
    _slots.setdefault(slot, {})[url_name] = Action(label, url_name, visible)


def actions_for(slot: str, user: Any, obj: Any) -> list[dict[str, Any]]:
    """``[{"url": ..., "label": ...}]`` of the slot's actions this user may take on ``obj``."""
    return [
        {"url": reverse(a.url_name, args=[obj.pk]), "label": a.label}
        for a in _slots.get(slot, {}).values()
        if a.visible(user, obj)
    ]
