"""Groups of people a questionnaire or a mailing can be sent to, offered by the apps that own them.

Questionnaires must reach "the participants of an event", "the staff of an organisation" and,
later, "the interns of a programme" or "a team", but the surveys app may not import events or
programmes. Each owning app registers its kinds of audience in ``AppConfig.ready()``::

    audiences.register(Audience(
        kind="event", label=_("participants of an event"),
        options=event_options,   # (user) -> [(key, label)] the user may address
        people=event_people,     # (user, key) -> QuerySet[User], PermissionDenied if not theirs
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet


@dataclass(frozen=True)
class Audience:
    kind: str
    label: Any  # a lazy translation
    options: Callable[[Any], list[tuple[str, str]]]
    people: Callable[[Any, str], QuerySet]
    order: int = 100


_audiences: dict[str, Audience] = {}


def register(audience: Audience) -> None:
    _audiences[audience.kind] = audience


def available(user: Any) -> list[tuple[Audience, list[tuple[str, str]]]]:
    """The kinds of audience this user may address, each with its options (non-empty only)."""
    found = []
    for audience in sorted(_audiences.values(), key=lambda a: (a.order, a.kind)):
        options = audience.options(user)
        if options:
            found.append((audience, options))
    return found


def people(user: Any, kind: str, key: str) -> QuerySet:
    """The people of one audience; PermissionDenied if the user may not address it."""
    audience = _audiences.get(kind)
    if audience is None:
        raise PermissionDenied
    return audience.people(user, key)


def label(kind: str, key: str, user: Any) -> str:
    """A readable name of an audience, e.g. «Участники мероприятия: Вебинар …»."""
    audience = _audiences.get(kind)
    if audience is None:
        return ""
    options = dict(audience.options(user))
    return f"{audience.label}: {options.get(key, key)}"
