"""Sections of the home page «Моя неделя» that later capabilities add (events, tasks, routes).

Core sits at the bottom of the app graph, so it cannot import them; instead an app registers
a section in its ``AppConfig.ready()``::

    week.register("events/week_section.html", upcoming_events_context, order=10)

The context function gets the request and returns the section's context, or ``None`` to hide
it. It should cost a constant number of queries: the home page's query count is tested.

The network's overview, shown to its coordinators and council, is assembled the same way: an
app registers what it knows about networks, for all the person's networks at once, so the
count of queries does not grow with the networks either::

    week.register_network("programs/_network_overview.html", running_by_network, order=20)

There the function gets the request and the ids of the networks the person governs, and
returns ``{network id: context}``, leaving out networks it has nothing to say about. Only
aggregates belong there: a council sees the network, not its people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# The request is accounts.http.AuthenticatedRequest (the home page is behind login_required),
# a type core cannot import; hence Any, so that sections may be annotated with it.
SectionContext = Callable[[Any], dict[str, Any] | None]
NetworkFacts = Callable[[Any, list[int]], dict[int, dict[str, Any]]]


@dataclass(frozen=True)
class WeekSection:
    template: str
    context: SectionContext
    order: int = 100


_sections: list[WeekSection] = []


def register(template: str, context: SectionContext, *, order: int = 100) -> None:
    """Add a section to «Моя неделя»; registering the same template twice replaces it."""
    _sections[:] = [s for s in _sections if s.template != template]
    _sections.append(WeekSection(template, context, order))
    _sections.sort(key=lambda s: s.order)


def sections_for(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each section that has something to show this person."""
    shown = []
    for section in _sections:
        context = section.context(request)
        if context is not None:
            shown.append((section.template, context))
    return shown


@dataclass(frozen=True)
class NetworkSection:
    template: str
    facts: NetworkFacts
    order: int = 100


_network_sections: list[NetworkSection] = []


def register_network(template: str, facts: NetworkFacts, *, order: int = 100) -> None:
    """Add a part to the network overview; registering the same template twice replaces it."""
    _network_sections[:] = [s for s in _network_sections if s.template != template]
    _network_sections.append(NetworkSection(template, facts, order))
    _network_sections.sort(key=lambda s: s.order)


def network_sections_for(
    request: HttpRequest, network_ids: list[int]
) -> dict[int, list[tuple[str, dict[str, Any]]]]:
    """For each network id, (template, context) of each part that has something to say."""
    shown: dict[int, list[tuple[str, dict[str, Any]]]] = {pk: [] for pk in network_ids}
    if not network_ids:
        return shown
    for section in _network_sections:
        facts = section.facts(request, network_ids)
        for pk in network_ids:
            if pk in facts:
                shown[pk].append((section.template, facts[pk]))
    return shown
