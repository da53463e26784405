"""Sections of a community's page, contributed by the parts of the app that own them.

The community page (``views.community``) shows its charter, goal and members; the analysis,
learning plan, meetings and expected results (``views.work``) and the lesson-study cycles
(``views.lessons``) add their own sections here when their module is imported (apps.ready),
so the page is one template that includes each section with the context its owner builds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import Community


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[HttpRequest, Community], dict[str, Any] | None]
    order: int


_sections: dict[str, Section] = {}


def register(
    template: str,
    context: Callable[[HttpRequest, Community], dict[str, Any] | None],
    *,
    order: int,
) -> None:
    """Show ``template`` on the community page with ``context(request, community)``; a context
    of None leaves the section out (e.g. for a viewer who may not see it)."""
    _sections[template] = Section(template, context, order)


def for_page(request: HttpRequest, community: Community) -> list[tuple[str, dict[str, Any]]]:
    shown = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.context(request, community)
        if context is not None:
            shown.append((section.template, context))
    return shown
