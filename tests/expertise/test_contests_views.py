"""Contest pages: who may open each, the entry form's refusals in Russian next to the field
with nothing entered lost, and results hidden before publishing and public after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from metodset.certificates.models import Certificate
from metodset.expertise.models import Campaign, Contest, ContestDiploma, Item
from metodset.expertise.services import contests as services

from ..conftest import client_for
from . import contest_helpers as helpers
from . import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def contest(world):
    return helpers.contest(network=world.network, organization=world.school, by=world.methodist)


def _url(name: str, contest: Contest) -> str:
    return reverse(f"expertise:{name}", args=[contest.pk])


def _judged(world, contest) -> Item:
    item = helpers.entry(contest, author=world.teacher, title="Урок-квест «Дроби»")
    return helpers.judged(item, [3, 3, 3], [2, 3, 2], network=world.network)


def _entry_data(contest, **over) -> dict:
    data = {
        "nomination": str(helpers.nomination(contest).pk),
        "title": "Урок-путешествие «Вода на Земле»",
        "annotation": "Урок окружающего мира в 3 классе на платформе Сферум.",
        "url": "https://example.ru/voda",
        "coauthors": "Соколов Игорь Андреевич, colleague@example.ru",
        "consent": "on",
    }
    data.update(over)
    return data


# --- the list and the contest's page ------------------------------------------------------


def test_the_list_shows_open_contests_with_deadlines_to_the_network(world, contest):
    page = client_for(world.teacher).get(reverse("expertise:contests"))
    assert page.status_code == 200
    assert "Дистанционный урок" in page.content.decode()
    assert "приём работ до" in page.content.decode()


def test_the_list_hides_other_networks_contests(world, contest):
    page = client_for(world.outsider).get(reverse("expertise:contests"))
    assert page.status_code == 200
    assert "Дистанционный урок" not in page.content.decode()


def test_the_contest_page_shows_rules_nominations_and_the_entry_button(world, contest):
    helpers.entry(contest, author=world.colleague, title="Работа коллеги")
    page = client_for(world.teacher).get(_url("contest_detail", contest))
    text = page.content.decode()
    assert page.status_code == 200
    assert helpers.RULES in text and helpers.NOMINATIONS[1] in text
    assert 'data-testid="enter"' in text and "1 работа" in text
    assert "Как определяются места" in text


def test_the_contest_page_is_404_outside_the_network(world, contest):
    assert client_for(world.outsider).get(_url("contest_detail", contest)).status_code == 404


# --- creating and editing -----------------------------------------------------------------


def _contest_data(world, **over) -> dict:
    later = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "Дистанционный урок",
        "organization": str(world.school.pk),
        "rules": helpers.RULES,
        "nominations": "Начальная школа\nОсновная школа\n",
        "consent_text": helpers.CONSENT,
        "submissions_until": later.strftime("%Y-%m-%dT%H:%M"),
        "reviews_until": (later + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "prize_places": "3",
        "rubric": str(factories.shipped_rubric().pk),
        "reviews_per_item": "3",
    }
    data.update(over)
    return data


def test_a_methodist_creates_a_contest(world):
    response = client_for(world.methodist).post(
        reverse("expertise:contest_create"), _contest_data(world)
    )
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == _url("contest_detail", contest)
    assert contest.campaign.network == world.network
    assert contest.nominations.count() == 2


def test_creating_with_the_jury_before_the_entries_keeps_what_was_typed(world):
    data = _contest_data(world)
    data["reviews_until"] = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client_for(world.methodist).post(reverse("expertise:contest_create"), data)
    text = page.content.decode()
    assert page.status_code == 200 and not Contest.objects.exists()
    assert "Срок работы жюри не может быть раньше окончания приёма работ." in text
    assert "Начальная школа" in text and helpers.CONSENT in text


def test_a_teacher_may_not_create_a_contest(world):
    assert client_for(world.teacher).get(reverse("expertise:contest_create")).status_code == 403


def test_the_organiser_edits_the_contest(world, contest):
    data = _contest_data(world, title="Дистанционный урок — 2026")
    data["nominations"] = "\n".join(helpers.NOMINATIONS)
    response = client_for(world.methodist).post(_url("contest_edit", contest), data)
    assert response.status_code == 302
    contest.campaign.refresh_from_db()
    assert contest.campaign.title == "Дистанционный урок — 2026"


def test_a_participant_may_not_edit_the_contest(world, contest):
    assert client_for(world.teacher).get(_url("contest_edit", contest)).status_code == 403


# --- entering -----------------------------------------------------------------------------


def test_a_teacher_enters_a_work_with_a_file(world, contest):
    upload = SimpleUploadedFile("urok.pdf", b"%PDF-1.4 lesson", content_type="application/pdf")
    response = client_for(world.teacher).post(
        _url("contest_enter", contest), _entry_data(contest, url="", file=upload)
    )
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.consent_at is not None
    assert {a.user for a in item.authors.all()} == {world.teacher, world.colleague}


def test_without_consent_the_entry_is_refused_next_to_the_field_and_nothing_is_lost(world, contest):
    data = _entry_data(contest)
    del data["consent"]
    page = client_for(world.teacher).post(_url("contest_enter", contest), data)
    text = page.content.decode()
    assert page.status_code == 200 and not Item.objects.exists()
    error = "Работу нельзя отправить без согласия с положением конкурса."
    assert text.index(helpers.CONSENT) < text.index(error)  # under the consent's checkbox
    assert "Урок-путешествие «Вода на Земле»" in text or "Урок-путешествие &laquo;" in text
    assert "Урок окружающего мира в 3 классе на платформе Сферум." in text
    assert "colleague@example.ru" in text


def test_after_the_deadline_the_entry_is_refused_and_nothing_is_lost(world, contest):
    Campaign.objects.filter(pk=contest.campaign_id).update(
        submissions_until=timezone.now() - timedelta(hours=1)
    )
    page = client_for(world.teacher).post(_url("contest_enter", contest), _entry_data(contest))
    text = page.content.decode()
    assert page.status_code == 200 and not Item.objects.exists()
    assert "Работы больше не принимаются: срок приёма истёк." in text
    assert "Урок окружающего мира в 3 классе на платформе Сферум." in text
    assert 'data-testid="send-entry"' not in text


def test_neither_file_nor_link_is_refused_next_to_the_file(world, contest):
    page = client_for(world.teacher).post(
        _url("contest_enter", contest), _entry_data(contest, url="")
    )
    assert page.status_code == 200 and not Item.objects.exists()
    assert "Приложите работу файлом или дайте ссылку на неё." in page.content.decode()


def test_someone_outside_the_network_may_not_enter(world, contest):
    client = client_for(world.outsider)
    assert client.get(_url("contest_enter", contest)).status_code == 404
    assert client.post(_url("contest_enter", contest), _entry_data(contest)).status_code == 404
    assert not Item.objects.exists()


# --- the organiser's entries --------------------------------------------------------------


def test_the_organiser_sees_the_entries_by_nomination(world, contest):
    helpers.entry(contest, author=world.teacher, title="Работа учителя", index=1)
    page = client_for(world.coordinator).get(_url("contest_entries", contest))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Работа учителя" in text and "Петрова Елена Викторовна" in text


def test_a_participant_may_not_see_the_entries(world, contest):
    assert client_for(world.teacher).get(_url("contest_entries", contest)).status_code == 403


# --- results ------------------------------------------------------------------------------


def test_results_before_publishing_are_the_organisers_and_the_jurys(world, contest):
    item = _judged(world, contest)
    url = _url("contest_results", contest)
    organiser = client_for(world.methodist).get(url)
    assert organiser.status_code == 200
    assert 'data-testid="not-published"' in organiser.content.decode()
    jury = item.reviews.first().expert
    assert client_for(jury).get(url).status_code == 200
    assert client_for(world.teacher).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login/")


def test_published_results_are_public(world, contest):
    _judged(world, contest)
    services.contest_results_publish(contest=contest, by=world.methodist)
    page = Client().get(_url("contest_results", contest))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Урок-квест" in text and "Петрова Елена Викторовна" in text
    assert "победитель" in text and "Как определяются места" in text
    assert 'data-testid="publish"' not in text


def test_results_of_no_contest_are_404_to_the_signed_in(world):
    assert client_for(world.teacher).get("/expertise/contests/999999/results/").status_code == 404


# --- publishing and diplomas --------------------------------------------------------------


def test_the_organiser_publishes_then_issues_diplomas(world, contest):
    _judged(world, contest)
    client = client_for(world.methodist)
    published = client.post(_url("contest_publish", contest))
    assert published.status_code == 302
    contest.refresh_from_db()
    assert contest.results_published_at is not None
    issued = client.post(_url("contest_diplomas", contest))
    assert issued.status_code == 302
    diploma = ContestDiploma.objects.get()
    assert diploma.user == world.teacher
    mine = client_for(world.teacher).get(reverse("certificates:mine")).content.decode()
    assert diploma.certificate.number in mine


def test_publishing_too_early_says_why(world, contest):
    helpers.entry(contest, author=world.teacher, title="Работа")
    response = client_for(world.methodist).post(_url("contest_publish", contest), follow=True)
    assert "Ни одна работа ещё не оценена" in response.content.decode()
    contest.refresh_from_db()
    assert contest.results_published_at is None


def test_a_participant_may_neither_publish_nor_issue(world, contest):
    _judged(world, contest)
    client = client_for(world.teacher)
    assert client.post(_url("contest_publish", contest)).status_code == 403
    services.contest_results_publish(contest=contest, by=world.methodist)
    assert client.post(_url("contest_diplomas", contest)).status_code == 403
    assert not Certificate.objects.exists()


def test_publish_and_diplomas_take_post_only(world, contest):
    client = client_for(world.methodist)
    assert client.get(_url("contest_publish", contest)).status_code == 405
    assert client.get(_url("contest_diplomas", contest)).status_code == 405


def test_the_entry_page_after_the_deadline_says_so(world, contest):
    Campaign.objects.filter(pk=contest.campaign_id).update(
        submissions_until=timezone.now() - timedelta(hours=1)
    )
    page = client_for(world.teacher).get(_url("contest_enter", contest))
    assert page.status_code == 200
    assert "Работы больше не принимаются: срок приёма истёк." in page.content.decode()


def test_the_list_and_the_form_need_signing_in(world, contest):
    for name in ("expertise:contests", "expertise:contest_create"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    form = client_for(world.methodist).get(reverse("expertise:contest_create"))
    assert form.status_code == 200 and 'data-testid="contest-form"' in form.content.decode()


def test_a_contest_may_not_open_with_the_entries_already_closed(world):
    data = _contest_data(world)
    data["submissions_until"] = (timezone.localtime() - timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    page = client_for(world.methodist).post(reverse("expertise:contest_create"), data)
    assert page.status_code == 200 and not Contest.objects.exists()
    assert "Срок приёма работ уже прошёл." in page.content.decode()
