"""The sections the community's work adds to the community page: links for the members, the
next meetings, and the expected results (seed 004, slide 15)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from metodset.communities import sections
from metodset.communities.models import Community
from metodset.communities.services import work as services
from metodset.diagnostics.models import ResultRow, ResultsTable
from metodset.events import services as event_services
from metodset.events.models import Event

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


def _page(user, community) -> dict[str, str]:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("ru"):
        return {
            template: render_to_string(template, {"section": context}, request=request)
            for template, context in sections.for_page(request, community)
            if "_section_work_" in template
        }


def test_expected_results_show_dynamics_products_and_practices():
    community, chair, others = factories.work_community(members=2)
    table = ResultsTable.objects.create(
        organization=community.organization, group="старшая группа «Б»", subject="Речь"
    )
    for day, value in (
        (dt.date(2026, 9, 1), 40),
        (dt.date(2026, 12, 1), 48),
        (dt.date(2027, 5, 1), 61),
    ):
        ResultRow.objects.create(table=table, area="Понимание текста", measured_on=day, value=value)
    ResultRow.objects.create(table=table, area="Счёт", measured_on=dt.date(2026, 9, 1), value=10)
    services.analysis_link_create(
        community=community,
        difficulty="Не понимают прочитанного",
        results_table=table,
        results_area="Понимание текста",
        by=chair,
    )
    closed = factories.cycle(community_=community)
    closed.closed_at = timezone.now()
    closed.save()
    factories.cycle(community_=community, title="Второй цикл")
    for kind in (Event.Kind.OPEN_LESSON, Event.Kind.MASTER_CLASS, Event.Kind.WEBINAR):
        event_services.event_create(
            by=others[0],
            organizer=community.organization,
            title=f"Практика {kind}",
            kind=kind,
            format=Event.Format.OFFLINE,
            place="Музыкальный зал",
            starts_at=timezone.now() + dt.timedelta(days=3),
        )

    html = _page(chair, community)["communities/_section_work_results.html"]

    assert "старшая группа «Б»: Речь" in html and "Понимание текста" in html
    assert "Счёт" not in html  # only the linked area
    assert "+21" in html
    assert 'data-testid="products">1<' in html
    assert 'data-testid="practices">2<' in html  # the webinar is not a practice disseminated


def test_a_viewer_of_an_opened_community_gets_no_links_to_its_analysis():
    community, chair, _others = factories.work_community(
        members=1, openness=Community.Openness.ORGANIZATION
    )
    colleague = factories.teacher_of(community.organization)

    assert "communities/_section_work_links.html" in _page(chair, community)
    shown = _page(colleague, community)
    assert "communities/_section_work_links.html" not in shown
    assert "communities/_section_work_meetings.html" in shown
    assert "Ожидаемые результаты" in shown["communities/_section_work_results.html"]
