"""The conference pages: who may open and act on each, bad input answered next to the field,
the slots shown in the viewer's zone, the protocol form and its PDF, the proceedings."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from metodset.expertise.models import Campaign, Conference, Defence, Item
from metodset.expertise.selectors import conference as selectors

from ..conftest import client_for
from . import factories as expertise
from .conference_world import ConferenceWorld, conference_world, tomorrow_at


@pytest.fixture
def cw(world) -> ConferenceWorld:
    return conference_world(world)


def _url(name: str, *args) -> str:
    return reverse(f"expertise:{name}", args=args)


def test_the_coordinator_creates_a_conference_and_bad_dates_are_refused(world):
    client = client_for(world.coordinator)
    assert client.get(_url("conference_create")).status_code == 200
    rubric = expertise.rubric(network=world.network)
    data = {
        "network": world.network.pk,
        "title": "Конференция «Цифровая школа»",
        "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T09:00",
        "rubric": rubric.pk,
    }
    response = client.post(_url("conference_create"), data)
    assert response.status_code == 400
    assert "заканчивается раньше" in response.content.decode()
    assert "Конференция «Цифровая школа»" in response.content.decode()  # kept
    data["ends_at"] = "2030-03-01T16:00"
    response = client.post(_url("conference_create"), data)
    conference = Conference.objects.get(title="Конференция «Цифровая школа»")
    assert response.url == _url("conference_detail", conference.pk)
    assert conference.call_for_papers.kind == Campaign.Kind.CONFERENCE


def test_a_teacher_may_not_create_a_conference(world):
    assert client_for(world.teacher).get(_url("conference_create")).status_code == 403


def test_the_programme_shows_slots_in_the_viewers_zone(cw, world):
    world.coordinator.time_zone = "Asia/Kamchatka"  # UTC+12
    world.coordinator.save()
    page = client_for(world.coordinator).get(_url("conference_detail", cw.conference.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "22:00" in text  # 10:00 UTC
    assert cw.section.title in text and cw.defence.item.title in text


def test_an_unpublished_conference_is_hidden_from_the_networks_teachers(cw, world):
    client = client_for(world.teacher)
    assert client.get(_url("conference_detail", cw.conference.pk)).status_code == 404
    client_for(world.coordinator).post(_url("conference_publish", cw.conference.pk))
    assert client.get(_url("conference_detail", cw.conference.pk)).status_code == 200
    assert client.get(_url("conference_section", cw.section.pk)).status_code == 200
    outsider = client_for(world.outsider)
    assert outsider.get(_url("conference_detail", cw.conference.pk)).status_code == 404


def test_the_moderator_adds_a_defence_and_an_overlap_is_refused_next_to_the_field(cw, world):
    client = client_for(cw.moderator)
    page = client.get(_url("conference_section", cw.section.pk))
    assert page.status_code == 200 and "Начать защиту" in page.content.decode()
    data = {
        "item": cw.papers[1].pk,
        "starts_at": tomorrow_at(10, 5).strftime("%Y-%m-%dT%H:%M"),
        "talk_minutes": 7,
        "questions_minutes": 3,
    }
    world.methodist.time_zone = "UTC"
    world.methodist.save()
    response = client.post(_url("defence_add", cw.section.pk), data)
    assert response.status_code == 400
    assert "пересекается" in response.content.decode()
    data["starts_at"] = tomorrow_at(11).strftime("%Y-%m-%dT%H:%M")
    response = client.post(_url("defence_add", cw.section.pk), data)
    assert response.status_code == 302
    assert cw.section.defences.count() == 2


def test_a_juror_may_not_add_defences_nor_start_them(cw):
    client = client_for(cw.jurors[0])
    assert client.post(_url("defence_add", cw.section.pk), {}).status_code == 403
    assert client.post(_url("defence_start", cw.defence.pk)).status_code == 403


def test_the_moderator_starts_the_defence_into_the_live_session(cw, world):
    response = client_for(world.coordinator).post(_url("defence_start", cw.defence.pk))
    cw.defence.refresh_from_db()
    assert cw.defence.session is not None
    assert response.url == reverse("programs:session_control", args=[cw.defence.session.pk])


def test_a_juror_fills_the_protocol_and_reads_its_pdf(cw):
    client = client_for(cw.jurors[0])
    url = _url("defence_protocol", cw.defence.pk)
    assert client.get(url).status_code == 200
    criteria = list(selectors.rubric_of(cw.section).criteria.order_by("order", "pk"))
    data = {f"c{c.pk}": 3 for c in criteria} | {"decision": "passed", "comment": "Отлично"}
    data[f"c{criteria[0].pk}"] = 9
    response = client.post(url, data)
    assert response.status_code == 400
    assert "9" in response.content.decode()  # what was entered stays
    data[f"c{criteria[0].pk}"] = 2
    assert client.post(url, data).status_code == 302
    cw.defence.refresh_from_db()
    assert cw.defence.result == Defence.Result.PASSED
    pdf = client.get(_url("defence_protocol_pdf", cw.defence.pk))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Протокол защиты" in text and "Лебедева" in text


def test_a_trainee_may_not_fill_nor_read_the_protocol(cw, world):
    client_for(world.coordinator).post(_url("conference_publish", cw.conference.pk))
    client = client_for(cw.trainees[0])
    assert client.get(_url("defence_protocol", cw.defence.pk)).status_code in (403, 404)
    assert client.get(_url("defence_protocol_pdf", cw.defence.pk)).status_code in (403, 404)


def test_the_proceedings_are_compiled_and_downloaded(cw, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.coordinator)
    assert client.post(_url("proceedings_compile", cw.conference.pk)).status_code == 302
    response = client.get(_url("proceedings_download", cw.conference.pk))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert cw.papers[0].title in PdfReader(io.BytesIO(content)).pages[1].extract_text()
    assert client.post(_url("proceedings_publish", cw.conference.pk)).status_code == 302
    cw.conference.refresh_from_db()
    assert cw.conference.proceedings_material is not None


def test_a_teacher_may_not_compile_the_proceedings(cw, world):
    client = client_for(world.teacher)
    assert client.post(_url("proceedings_compile", cw.conference.pk)).status_code == 404


def test_an_accepted_article_is_included_from_its_page(cw, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    articles = expertise.campaign(network=world.network, kind=Campaign.Kind.ARTICLES)
    article = expertise.item(
        campaign_=articles, authors=[world.teacher], status=Item.Status.ACCEPTED
    )
    client = client_for(world.coordinator)
    url = _url("article_include", article.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"target": str(cw.conference.pk)}).status_code == 302
    assert article in cw.conference.articles.all()
    assert client_for(world.teacher).get(url).status_code == 403


def test_the_include_action_is_offered_on_an_accepted_article_to_its_coordinator(world):
    from metodset.core.actions import actions_for

    articles = expertise.campaign(network=world.network, kind=Campaign.Kind.ARTICLES)
    draft = expertise.item(campaign_=articles, authors=[world.teacher])
    accepted = expertise.item(
        campaign_=articles, authors=[world.teacher], status=Item.Status.ACCEPTED
    )
    url = _url("article_include", accepted.pk)
    assert [a["url"] for a in actions_for("expertise.item", world.coordinator, accepted)] == [url]
    assert actions_for("expertise.item", world.coordinator, draft) == []
    assert actions_for("expertise.item", world.teacher, accepted) == []


def test_the_coordinator_adds_a_section_with_its_own_rubric(cw, world):
    rubric = expertise.rubric(network=world.network, title="Критерии защиты проекта")
    client = client_for(world.coordinator)
    url = _url("conference_section_add", cw.conference.pk)
    assert client.post(url, {"title": ""}).status_code == 400
    data = {"title": "Секция руководителей", "moderator": world.manager.pk, "rubric": rubric.pk}
    data |= {"jury": [cw.jurors[0].pk]}
    response = client.post(url, data)
    section = cw.conference.sections.get(title="Секция руководителей")
    assert response.url == _url("conference_section", section.pk)
    assert selectors.rubric_of(section) == rubric
    assert list(section.jury.all()) == [cw.jurors[0]]
    assert client_for(cw.jurors[0]).post(url, data).status_code == 403
