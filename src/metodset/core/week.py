"""Sections of the home page «Моя неделя» that later capabilities add (events, tasks, routes).

Core sits at the bottom of the app graph, so it cannot import them; instead an app registers
a section in its ``AppConfig.ready()``::

    week.register("events/week_section.html", upcoming_events_context, order=10)

The context function gets the request and returns the section's context, or ``None`` to hide
it. It should cost a constant number of queries: the home page's query count is tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

SectionContext = Callable[[HttpRequest], dict[str, Any] | None]


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
