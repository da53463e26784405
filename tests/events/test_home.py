"""The network overview on «Моя неделя»: the network's events of the next 30 days."""

from __future__ import annotations

from datetime import timedelta

from metodset.events.models import Event

from .. import factories
from ..conftest import client_for


def _part(html: str) -> str:
    start = html.index('data-testid="overview-events"')
    return " ".join(html[start : html.index("</div>", start)].split())


def test_council_sees_the_networks_coming_events(world):
    soon = factories.event(
        organizer=world.school,
        network=world.network,
        visibility=Event.Visibility.NETWORK,
        title="Сетевой семинар",
        starts_in=timedelta(days=3),
    )
    for n in range(3):
        factories.event(
            organizer=world.school,
            network=world.network,
            title=f"Вебинар сети {n}",
            starts_in=timedelta(days=10 + n),
        )
    factories.event(
        organizer=world.school,
        network=world.network,
        title="Через два месяца",
        starts_in=timedelta(days=60),
    )
    factories.event(
        organizer=world.school,
        network=world.network,
        title="Вчерашний",
        starts_in=timedelta(days=-1),
    )
    factories.event(
        organizer=world.school,
        network=world.network,
        title="Черновик",
        status=Event.Status.DRAFT,
        starts_in=timedelta(days=5),
    )
    part = _part(client_for(world.council).get("/").content.decode())
    assert "4 мероприятия в ближайшие 30 дней" in part
    assert f'href="/events/{soon.pk}/">Сетевой семинар</a>' in part
    assert "Вебинар сети 2" not in part  # three are named, the rest counted
    for title in ("Через два месяца", "Вчерашний", "Черновик"):
        assert title not in part


def test_council_of_another_network_sees_nothing_of_these_events(world):
    factories.event(organizer=world.school, network=world.network, title="Сетевой семинар")
    other = factories.network(name="Сеть Б", partners=[world.outside_org])
    member = factories.person(network_=other, role="council")
    html = client_for(member).get("/").content.decode()
    assert 'data-testid="overview-events"' not in html
    assert "Сетевой семинар" not in html
    teacher = client_for(world.teacher).get("/").content.decode()
    assert 'data-testid="overview-events"' not in teacher
