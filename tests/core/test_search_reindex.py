"""``metodset manage search_reindex`` rebuilds every registered index from the rows there are
(a restored backup arrives by ``loaddata``, past the services, and is rebuilt the same way)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from metodset.events import search as event_search
from metodset.events.models import Event
from metodset.library import search as library_search
from metodset.library.models import Material

from .. import factories


def test_rows_written_past_the_services_are_found_after_a_rebuild(db):
    material = Material.objects.create(title="Учитель года", kind="article", status="published")
    event = Event.objects.create(
        organizer=factories.organization(),
        title="Встреча молодых учителей",
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        starts_at=timezone.now() + timedelta(days=1),
    )
    materials = Material.objects.all()
    assert list(library_search.matching(materials, "учителя")) == []
    assert list(event_search.matching(Event.objects.all(), "учителя")) == []

    out = io.StringIO()
    call_command("search_reindex", stdout=out)

    result = library_search.search_materials(queryset=materials, query="учителя")
    assert [hit.material for hit in result.hits] == [material]
    assert not result.fuzzy
    assert list(event_search.matching(Event.objects.all(), "учителя")) == [event]
    assert "library_material: 1" in out.getvalue()
    assert "events_event: 1" in out.getvalue()
