"""The events catalogue searches words in any form through the full-text index, which the
events' services keep in step."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from metodset.events import services
from metodset.events.models import Event


def _titles(client, query: str) -> list[str]:
    html = client.get("/events/", {"q": query}).content.decode()
    return [t for t in ("Школа молодого учителя", "Наставничество в школе") if t in html]


def test_catalogue_finds_an_event_by_another_form_of_its_words(world, client):
    event = services.event_create(
        by=world.methodist,
        organizer=world.school,
        title="Школа молодого учителя",
        kind=Event.Kind.WEBINAR,
        format=Event.Format.OFFLINE,
        place="Актовый зал",
        description="Разбираем трудные ситуации на уроке вместе с наставниками.",
        starts_at=timezone.now() + timedelta(days=3),
        status=Event.Status.PUBLISHED,
    )
    assert _titles(client, "учителей") == ["Школа молодого учителя"]
    assert _titles(client, "УЧИТЕЛЬ школы") == ["Школа молодого учителя"]
    assert _titles(client, "ситуация наставник") == ["Школа молодого учителя"]  # description
    assert _titles(client, "актовом зале") == ["Школа молодого учителя"]  # place
    assert _titles(client, "учителей космос") == []

    services.event_update(event=event, by=world.methodist, title="Наставничество в школе")
    assert _titles(client, "учителей") == []
    assert _titles(client, "наставничеству") == ["Наставничество в школе"]
