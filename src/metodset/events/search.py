"""The events catalogue's full-text search (``core.search``): an event's document and keeping
the index in step. The title weighs most (A); the place, the organiser's names and the
competencies it develops next (B); the description last (C). The services reindex an event
after every write to it; the catalogue filters by :func:`matching`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import QuerySet

from metodset.core.search import engine

from .models import Event

INDEX = engine.SearchIndex(table=Event._meta.db_table)


class Searchable(Protocol):
    """What a document is made of: an Event or the migration's historical one."""

    pk: Any
    title: str
    description: str
    place: str
    competencies: str
    organizer: Any


def document(event: Searchable) -> dict[str, str]:
    organizer = event.organizer
    return {
        "A": event.title,
        "B": " ".join((event.place, organizer.short_name, organizer.name, event.competencies)),
        "C": event.description,
    }


def reindex_events(ids: Iterable[int] | None = None) -> int:
    """Index these events (all when None), in batches; return how many."""
    events = Event.objects.select_related("organizer").order_by("pk")
    if ids is not None:
        events = events.filter(pk__in=list(ids))
    return engine.reindex(INDEX, ((e.pk, document(e)) for e in events.iterator(chunk_size=500)))


def reindex_event(event: Event) -> None:
    """Put the event's current text in the search index (after every write to it)."""
    engine.reindex(INDEX, [(event.pk, document(event))])


def matching(queryset: QuerySet[Event], text: str) -> QuerySet[Event]:
    """The events of ``queryset`` whose text holds every word of ``text``, in any form."""
    return engine.restrict(INDEX, queryset, text)
