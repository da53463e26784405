"""«Моя неделя» of those who run diagnostics: open campaigns with how many have answered; the
network overview's open campaigns; the heat map in the «Реестры» menu."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.diagnostics.models import Campaign, Framework, Participant

from .. import factories
from ..conftest import client_for


def _campaign(*, title: str, organization=None, network=None, status=Campaign.Status.OPEN):
    today = timezone.localdate()
    return Campaign.objects.create(
        title=title,
        framework=Framework.objects.order_by("pk").first(),
        organization=organization,
        network=network,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=10),
        status=status,
    )


def _people(campaign, organization, *, total: int, done: int) -> None:
    for n in range(total):
        Participant.objects.create(
            campaign=campaign,
            user=factories.person(last_name=f"Оцениваемая{n}", organization_=organization),
            organization=organization,
            self_done_at=timezone.now() if n < done else None,
        )


def _part(html: str, testid: str, end: str = "</ul>") -> str:
    start = html.index(f'data-testid="{testid}"')
    return " ".join(html[start : html.index(end, start)].split())


def test_the_methodist_sees_her_open_campaign_with_answers_counted(world):
    campaign = _campaign(title="Диагностика дефицитов 2026", organization=world.school)
    _people(campaign, world.school, total=4, done=3)
    _campaign(title="Черновик", organization=world.school, status=Campaign.Status.DRAFT)
    part = _part(client_for(world.methodist).get("/").content.decode(), "week-campaigns")
    assert "Идут диагностики" in part
    assert f'href="/diagnostics/campaigns/{campaign.pk}/"' in part
    assert "самооценка: ответили 3 из 4" in part
    assert "Черновик" not in part


def test_the_coordinator_sees_the_networks_campaign(world):
    campaign = _campaign(title="Диагностика сети", network=world.network)
    _people(campaign, world.school, total=2, done=1)
    part = _part(client_for(world.coordinator).get("/").content.decode(), "week-campaigns")
    assert "Диагностика сети" in part and "ответили 1 из 2" in part


def test_teachers_and_other_schools_do_not_see_the_campaigns(world):
    _campaign(title="Диагностика дефицитов 2026", organization=world.school)
    _campaign(title="Диагностика сети", network=world.network)
    for person in (world.teacher, world.outsider, world.council):
        html = client_for(person).get("/").content.decode()
        assert 'data-testid="week-campaigns"' not in html


def test_campaigns_cost_the_same_for_one_and_three(world):
    client = client_for(world.methodist)
    _people(_campaign(title="Первая", organization=world.school), world.school, total=1, done=0)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(2):
        _people(
            _campaign(title=f"Ещё {n}", organization=world.school), world.school, total=2, done=1
        )
    with CaptureQueriesContext(connection) as three:
        html = client.get("/").content.decode()
    assert html.count('data-testid="week-campaign"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_council_sees_the_networks_open_campaigns_in_numbers_only(world):
    campaign = _campaign(title="Диагностика сети", network=world.network)
    _people(campaign, world.school, total=5, done=2)
    _campaign(title="Школьная", organization=world.school)  # not the network's
    html = client_for(world.council).get("/").content.decode()
    part = _part(html, "overview-campaigns", "</div>")
    assert "Идёт 1 диагностика: ответили 2 из 5 человек" in part
    assert "Оцениваемая" not in html


def test_council_of_another_network_sees_nothing_of_these_campaigns(world):
    _people(
        _campaign(title="Диагностика сети", network=world.network), world.school, total=2, done=1
    )
    other = factories.network(name="Сеть Б", partners=[world.outside_org])
    member = factories.person(network_=other, role="council")
    html = client_for(member).get("/").content.decode()
    assert 'data-testid="overview-campaigns"' not in html
    assert "Диагностика сети" not in html


def test_the_heat_map_is_in_the_more_menu_of_those_who_oversee_campaigns(world):
    school = _campaign(title="Школьная", organization=world.school)
    network = _campaign(title="Сетевая", network=world.network)
    network.starts_on = school.starts_on - timedelta(days=30)
    network.save()
    methodist = client_for(world.methodist).get("/").content.decode()
    assert (
        f'href="/diagnostics/campaigns/{school.pk}/heatmap/">Тепловая карта дефицитов' in methodist
    )
    council = client_for(world.council).get("/").content.decode()
    assert f'href="/diagnostics/campaigns/{network.pk}/heatmap/">Тепловая карта' in council
    for person in (world.teacher, world.outsider):
        assert "Тепловая карта дефицитов" not in client_for(person).get("/").content.decode()
