"""Contests through their services: creating, entering (with consent, before the deadline),
ranking with shared places, publishing, and diplomas issued through the certificates app."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from metodset.certificates.models import Certificate, Kind
from metodset.expertise.aggregation import Award
from metodset.expertise.models import Campaign, ContestDiploma, Item, ItemAuthor
from metodset.expertise.services import contests as services

from . import contest_helpers as helpers
from . import factories


@pytest.fixture(autouse=True)
def _media_and_russian(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("ru"):
        yield


@pytest.fixture
def contest(world):
    return helpers.contest(network=world.network, organization=world.school, by=world.methodist)


def test_a_contest_is_a_campaign_of_kind_contest_with_its_nominations(world, contest):
    campaign = contest.campaign
    assert campaign.kind == Campaign.Kind.CONTEST
    assert campaign.status == Campaign.Status.OPEN
    assert campaign.organization == world.school
    assert [n.title for n in contest.nominations.order_by("order")] == helpers.NOMINATIONS
    assert contest.consent_text == helpers.CONSENT


def test_nominations_are_cleaned_and_at_least_one_is_needed(world):
    with pytest.raises(services.ContestError) as refused:
        helpers.contest(
            network=world.network, organization=world.school, by=world.methodist, nominations=[" "]
        )
    assert refused.value.field == "nominations"
    assert "номинац" in refused.value.message


def test_an_entry_keeps_the_consent_time_authors_and_the_file(world, contest):
    upload = SimpleUploadedFile("urok.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    item = services.contest_enter(
        contest=contest,
        nomination=helpers.nomination(contest, 1),
        title="Виртуальная экскурсия по Третьяковской галерее",
        annotation="Урок МХК для 9 класса.",
        file=upload,
        coauthors=[("Соколов Игорь Андреевич", "colleague@example.ru"), ("Гость Анна", "")],
        consent=True,
        by=world.teacher,
    )
    assert item.consent_at is not None
    assert item.nomination.title == helpers.NOMINATIONS[1]
    authors = list(item.authors.order_by("pk"))
    assert [a.user for a in authors] == [world.teacher, world.colleague, None]
    assert authors[2].name == "Гость Анна"
    assert item.versions.get().file.name.endswith(".pdf")


def test_an_entry_without_consent_is_refused_in_russian(world, contest):
    with pytest.raises(services.ContestError) as refused:
        services.contest_enter(
            contest=contest,
            nomination=helpers.nomination(contest),
            title="Урок",
            annotation="",
            url="https://example.ru/urok",
            consent=False,
            by=world.teacher,
        )
    assert refused.value.field == "consent"
    assert refused.value.message == "Работу нельзя отправить без согласия с положением конкурса."
    assert not Item.objects.exists()


def test_an_entry_after_the_deadline_is_refused_in_russian(world, contest):
    Campaign.objects.filter(pk=contest.campaign_id).update(
        submissions_until=timezone.now() - timedelta(minutes=1)
    )
    contest.refresh_from_db()
    with pytest.raises(services.ContestError) as refused:
        helpers.entry(contest, author=world.teacher, title="Поздняя работа")
    assert "срок" in refused.value.message
    assert not Item.objects.exists()


def _ranked(world, contest):
    """Five entries in the first nomination: A and C tie, B loses to them on the trimmed mean,
    D fails the critical criterion, E is not reviewed."""
    net = world.network
    a = helpers.judged(
        helpers.entry(contest, author=world.teacher, title="A"),
        [3, 3, 3], [2, 2, 2], [2, 2, 2], network=net,
    )  # fmt: skip
    b = helpers.judged(
        helpers.entry(contest, author=world.colleague, title="B"),
        [2, 2, 2], [2, 2, 2], [1, 1, 1], network=net,
    )  # fmt: skip
    c = helpers.judged(
        helpers.entry(contest, author=world.kg_teacher, title="C"),
        [2, 2, 2], [3, 3, 3], [2, 2, 2], network=net,
    )  # fmt: skip
    d = helpers.judged(
        helpers.entry(contest, author=world.manager, title="D"),
        [3, 0, 3], [3, 0, 3], [3, 1, 3], network=net,
    )  # fmt: skip
    e = helpers.entry(contest, author=world.methodist, title="E")
    return a, b, c, d, e


def test_ranking_shares_places_by_the_stated_rule(world, contest):
    a, b, c, d, e = _ranked(world, contest)
    first, second = services.contest_rank(contest=contest)
    assert second.standings == []
    places = {s.item.title: (s.place, s.shared, s.award) for s in first.standings}
    assert places == {
        "A": (1, True, Award.WINNER),
        "C": (1, True, Award.WINNER),
        "B": (3, False, Award.PRIZE_WINNER),  # same median, lower trimmed mean
        "D": (4, False, Award.PARTICIPANT),  # the critical criterion failed: last, no prize
        "E": (None, False, Award.PARTICIPANT),  # not reviewed
    }
    assert [s.item.title for s in first.standings][-1] == "E"


def test_publishing_waits_for_the_jury_then_saves_the_places(world, contest):
    a, b, c, d, e = _ranked(world, contest)
    pending = factories.review(item_=e, expert_=factories.expert(network=world.network))
    with pytest.raises(services.ContestError) as refused:
        services.contest_results_publish(contest=contest, by=world.methodist)
    assert "Жюри" in refused.value.message
    pending.delete()

    services.contest_results_publish(contest=contest, by=world.methodist)

    contest.refresh_from_db()
    assert contest.results_published_at is not None
    assert {i.title: i.place for i in Item.objects.all()} == {
        "A": 1, "B": 3, "C": 1, "D": 4, "E": None
    }  # fmt: skip
    contest.campaign.refresh_from_db()
    assert contest.campaign.status == Campaign.Status.CLOSED
    with pytest.raises(services.ContestError):
        services.contest_results_publish(contest=contest, by=world.methodist)


def test_diplomas_need_published_results(world, contest):
    _ranked(world, contest)
    with pytest.raises(services.ContestError) as refused:
        services.contest_diplomas_issue(contest=contest, by=world.methodist)
    assert "Опубликуйте" in refused.value.message
    assert not Certificate.objects.exists()


def test_diplomas_are_issued_per_award_and_say_so(world, contest):
    a, b, c, d, e = _ranked(world, contest)
    ItemAuthor.objects.create(item=a, name="Без учётной записи")  # no account: no diploma
    services.contest_results_publish(contest=contest, by=world.methodist)

    issued = services.contest_diplomas_issue(contest=contest, by=world.methodist)

    awards = {row.user: row.award for row in ContestDiploma.objects.all()}
    assert len(issued) == 5
    assert awards == {
        world.teacher: Award.WINNER,
        world.kg_teacher: Award.WINNER,
        world.colleague: Award.PRIZE_WINNER,
        world.manager: Award.PARTICIPANT,
        world.methodist: Award.PARTICIPANT,
    }
    assert set(Certificate.objects.values_list("kind", flat=True)) == {Kind.DIPLOMA}
    winner = ContestDiploma.objects.get(user=world.teacher).certificate
    assert winner.user == world.teacher and winner.title == "Дистанционный урок"
    text = helpers.pdf_text(winner)
    assert "победителя" in text and "Петрова Елена Викторовна" in text
    assert "I место" in text and helpers.NOMINATIONS[0] in text
    prize = helpers.pdf_text(ContestDiploma.objects.get(user=world.colleague).certificate)
    assert "призёра" in prize and "Соколов Игорь Андреевич" in prize and "III место" in prize
    taking_part = helpers.pdf_text(ContestDiploma.objects.get(user=world.manager).certificate)
    assert "участника" in taking_part and "за участие в конкурсе" in taking_part

    with pytest.raises(services.ContestError):
        services.contest_diplomas_issue(contest=contest, by=world.methodist)
    assert Certificate.objects.count() == 5


def test_editing_keeps_nominations_with_entries(world, contest):
    helpers.entry(contest, author=world.teacher, title="Работа")
    values = {
        "title": "Дистанционный урок — 2026",
        "rules": "Новое положение",
        "consent_text": helpers.CONSENT,
        "submissions_until": contest.campaign.submissions_until,
        "reviews_until": contest.campaign.reviews_until,
        "prize_places": 2,
    }
    with pytest.raises(services.ContestError) as refused:
        services.contest_edit(
            contest=contest, nominations=[helpers.NOMINATIONS[1]], by=world.methodist, **values
        )
    assert refused.value.field == "nominations"

    services.contest_edit(
        contest=contest,
        nominations=[helpers.NOMINATIONS[0], "Внеурочное занятие"],
        by=world.methodist,
        **values,
    )
    contest.refresh_from_db()
    assert contest.campaign.title == "Дистанционный урок — 2026"
    assert contest.prize_places == 2
    assert [n.title for n in contest.nominations.order_by("order")] == [
        helpers.NOMINATIONS[0],
        "Внеурочное занятие",
    ]
