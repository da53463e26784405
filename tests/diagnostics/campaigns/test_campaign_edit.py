"""Changing a campaign after it is made (a draft entirely, an open one its title, end and
reminder, a closed one not at all) and removing a person from it with their results."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from metodset.accounts.models import AuditEntry, Membership
from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.heatmaps import selectors as heatmap_selectors
from metodset.diagnostics.instruments import services as instrument_services
from metodset.diagnostics.models import (
    Campaign,
    CompetencyScore,
    IndicatorScore,
    Observation,
    Participant,
)
from metodset.diagnostics.profiles import services as profile_services
from metodset.surveys import selectors as survey_selectors
from metodset.surveys.models import Invitation
from tests import factories
from tests.factories import framework_small as small_framework

from ...conftest import client_for


@pytest.fixture(autouse=True)
def _clock_in_the_campaign():
    """The campaigns of this module run through the autumn of 2026: the clock is put in the
    middle of it and runs on from there, whatever day the suite is run."""
    with time_machine.travel(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def framework(db):
    return small_framework()


@pytest.fixture
def campaign(world, framework):
    c = Campaign.objects.create(
        title="Осень 2026",
        framework=framework,
        organization=world.school,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 20),
        observation=True,
        created_by=world.methodist,
    )
    campaign_services.participants_add(campaign=c, people=campaign_selectors.default_people(c))
    return c


def _open(campaign, world, *, remind_at=None):
    campaign.remind_at = remind_at
    campaign.save(update_fields=["remind_at"])
    return campaign_services.campaign_open(campaign=campaign, by=world.methodist)


def _edit_url(campaign) -> str:
    return reverse("diagnostics:campaign_edit", args=[campaign.pk])


def _remove_url(participant) -> str:
    return reverse("diagnostics:participant_remove", args=[participant.campaign_id, participant.pk])


def _draft_post(world, framework, **changes) -> dict:
    data = {
        "title": "Осень 2026",
        "scope": f"org:{world.school.pk}",
        "framework": framework.pk,
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-20",
        "self_assessment": "on",
        "observation": "on",
        "remind_at": "",
    }
    data.update(changes)
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- who may ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, world, campaign):
    participant = campaign.participants.get(user=world.teacher)
    for url in (_edit_url(campaign), _remove_url(participant)):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert campaign.participants.filter(pk=participant.pk).exists()


def test_teachers_and_another_schools_methodist_get_404(world, campaign):
    other_methodist = factories.person(
        organization_=world.outside_org, role=Membership.Role.METHODIST
    )
    participant = campaign.participants.get(user=world.colleague)
    for person in (world.teacher, other_methodist):
        client = client_for(person)
        assert client.get(_edit_url(campaign)).status_code == 404
        assert client.post(_edit_url(campaign), {"title": "Чужая"}).status_code == 404
        assert client.post(_remove_url(participant)).status_code == 404
    campaign.refresh_from_db()
    assert campaign.title == "Осень 2026"
    assert campaign.participants.filter(pk=participant.pk).exists()


def test_a_participant_of_another_campaign_is_not_found(world, campaign, framework):
    other = Campaign.objects.create(
        title="Другая",
        framework=framework,
        organization=world.kindergarten,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 20),
    )
    campaign_services.participants_add(
        campaign=other, people=campaign_selectors.default_people(other)
    )
    stranger = other.participants.get(user=world.kg_teacher)
    url = reverse("diagnostics:participant_remove", args=[campaign.pk, stranger.pk])
    assert client_for(world.methodist).post(url).status_code == 404
    assert Participant.objects.filter(pk=stranger.pk).exists()


def test_the_manager_sees_the_buttons_and_the_teacher_does_not(world, campaign):
    page = client_for(world.manager).get(reverse("diagnostics:campaign", args=[campaign.pk]))
    body = page.content.decode()
    assert _edit_url(campaign) in body
    assert body.count('data-testid="participant-remove"') == campaign.participants.count()
    assert client_for(world.manager).get(_edit_url(campaign)).status_code == 200


# --- a draft ------------------------------------------------------------------------------------


def test_a_draft_changes_entirely(world, campaign, framework):
    response = client_for(world.methodist).post(
        _edit_url(campaign),
        _draft_post(
            world,
            framework,
            title="Входная диагностика",
            starts_on="2026-11-02",
            ends_on="2026-11-30",
            observation="",
            remind_at="2026-11-20T09:00",
        ),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Входная диагностика"
    assert campaign.starts_on == dt.date(2026, 11, 2) and campaign.ends_on == dt.date(2026, 11, 30)
    assert campaign.observation is False and campaign.self_assessment is True
    assert timezone.localtime(campaign.remind_at).hour == 9
    entry = AuditEntry.objects.get(target_type="campaign", target_id=str(campaign.pk))
    assert entry.actor == world.methodist
    assert entry.changes["title"] == ["Осень 2026", "Входная диагностика"]


def test_the_draft_form_shows_the_stored_values(world, campaign):
    form = client_for(world.methodist).get(_edit_url(campaign)).context["form"]
    assert form["title"].value() == "Осень 2026"
    assert form["scope"].value() == f"org:{world.school.pk}"
    assert form["starts_on"].value() == dt.date(2026, 10, 1)


def test_a_draft_moved_to_the_network_gets_the_networks_teachers(world, campaign, framework):
    client = client_for(world.superuser)
    response = client.post(
        _edit_url(campaign), _draft_post(world, framework, scope=f"net:{world.network.pk}")
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.organization_id is None and campaign.network_id == world.network.pk
    people = set(campaign.participants.values_list("user_id", flat=True))
    assert {world.teacher.pk, world.kg_teacher.pk} <= people


# --- an open campaign ---------------------------------------------------------------------------


def test_an_open_campaign_changes_only_its_title_end_and_reminder(world, campaign, framework):
    _open(campaign, world)
    client = client_for(world.methodist)
    form = client.get(_edit_url(campaign)).context["form"]
    assert list(form.fields) == ["title", "ends_on", "remind_at"]
    response = client.post(
        _edit_url(campaign),
        _draft_post(
            world,
            framework,
            title="Осень 2026, продлена",
            ends_on="2026-12-27",
            remind_at="2026-12-15T10:00",
            starts_on="2026-09-01",  # not in the form: ignored
            observation="",
            scope=f"org:{world.kindergarten.pk}",
        ),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Осень 2026, продлена"
    assert campaign.ends_on == dt.date(2026, 12, 27)
    assert campaign.starts_on == dt.date(2026, 10, 1)
    assert campaign.observation is True and campaign.organization == world.school


def test_the_questionnaire_follows_the_new_reminder_and_end(world, campaign):
    first = timezone.make_aware(dt.datetime(2026, 11, 30, 9, 0))
    _open(campaign, world, remind_at=first)
    questionnaire = campaign.questionnaire
    assert questionnaire.remind_at == first
    # The first reminder went out; a new time must make it due again.
    questionnaire.remind_sent_at = first
    questionnaire.save(update_fields=["remind_sent_at"])
    Campaign.objects.filter(pk=campaign.pk).update(reminded_at=first)

    response = client_for(world.methodist).post(
        _edit_url(campaign),
        {"title": "Осень 2026, продлена", "ends_on": "2026-12-27", "remind_at": "2026-12-15T10:00"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    questionnaire.refresh_from_db()
    assert "Осень 2026, продлена" in questionnaire.title
    assert timezone.localtime(campaign.remind_at).replace(tzinfo=None) == dt.datetime(
        2026, 12, 15, 10, 0
    )
    assert questionnaire.remind_at == campaign.remind_at
    assert questionnaire.remind_sent_at is None
    assert campaign.reminded_at is None
    end = timezone.make_aware(dt.datetime(2026, 12, 28))
    assert questionnaire.closes_at == end


def test_the_service_refuses_the_instruments_of_an_open_campaign(world, campaign):
    _open(campaign, world)
    with pytest.raises(ValidationError):
        campaign_services.campaign_update(campaign=campaign, by=world.methodist, observation=False)
    campaign.refresh_from_db()
    assert campaign.observation is True


@pytest.mark.parametrize(
    ("ends_on", "remind_at", "field"),
    [
        ("2026-09-20", "", "ends_on"),  # before the start
        ("2026-12-20", "2026-12-21T09:00", "remind_at"),  # after the end
        ("2026-12-20", "2026-09-30T23:00", "remind_at"),  # before the start
    ],
)
def test_bad_dates_are_refused_and_what_was_typed_stays(world, campaign, ends_on, remind_at, field):
    _open(campaign, world)
    response = client_for(world.methodist).post(
        _edit_url(campaign),
        {"title": "Осень 2026, новое название", "ends_on": ends_on, "remind_at": remind_at},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    body = response.content.decode()
    assert "Осень 2026, новое название" in body
    assert f'value="{ends_on}"' in body
    if remind_at:
        assert f'value="{remind_at}"' in body
    campaign.refresh_from_db()
    assert campaign.title == "Осень 2026" and campaign.ends_on == dt.date(2026, 12, 20)
    assert campaign.questionnaire.closes_at == timezone.make_aware(dt.datetime(2026, 12, 21))


def test_a_draft_with_the_reminder_outside_its_dates_is_refused(world, campaign, framework):
    response = client_for(world.methodist).post(
        _edit_url(campaign),
        _draft_post(world, framework, title="Новая", remind_at="2027-01-10T09:00"),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["remind_at"]
    assert "Новая" in response.content.decode()


# --- a closed campaign --------------------------------------------------------------------------


def test_a_closed_campaign_is_not_changed(world, campaign):
    _open(campaign, world)
    campaign_services.campaign_close(campaign=campaign)
    client = client_for(world.methodist)
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert _edit_url(campaign) not in page
    assert 'data-testid="participant-remove"' not in page
    participant = campaign.participants.get(user=world.teacher)
    response = client.post(
        _edit_url(campaign), {"title": "Иначе", "ends_on": "2026-12-27", "remind_at": ""}
    )
    assert response.status_code == 302
    assert gettext("A closed campaign cannot be changed.") in _messages(response)
    assert client.post(_remove_url(participant)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Осень 2026" and campaign.ends_on == dt.date(2026, 12, 20)
    assert Participant.objects.filter(pk=participant.pk).exists()
    with pytest.raises(ValidationError):
        campaign_services.campaign_update(campaign=campaign, by=world.methodist, title="Иначе")
    with pytest.raises(ValidationError):
        campaign_services.participant_remove(participant=participant, by=world.methodist)


# --- removing a person --------------------------------------------------------------------------


def _indicator_ids(framework) -> dict[str, int]:
    return dict(framework.indicators.values_list("code", "pk"))


def test_removing_a_person_deletes_their_scores_and_withdraws_the_invitation(world, campaign):
    _open(campaign, world)
    ids = _indicator_ids(campaign.framework)
    participant = campaign.participants.get(user=world.teacher)
    profile_services.scores_record(
        participant=participant, source="self", values={ids["МТ.1.1"]: 2}
    )
    instrument_services.observation_record(
        participant=participant,
        observer=world.methodist,
        subject="Урок математики, 5 А",
        observed_on=dt.date(2026, 10, 15),
        notes="",
        values={ids["МТ.1.1"]: 1},
    )
    colleague = campaign.participants.get(user=world.colleague)
    profile_services.scores_record(participant=colleague, source="self", values={ids["МТ.1.1"]: 3})
    assert survey_selectors.waiting_for(user=world.teacher).exists()

    response = client_for(world.methodist).post(_remove_url(participant))

    assert response.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not IndicatorScore.objects.filter(participant_id=participant.pk).exists()
    assert not CompetencyScore.objects.filter(participant_id=participant.pk).exists()
    assert not Observation.objects.filter(participant_id=participant.pk).exists()
    assert not Invitation.objects.filter(
        questionnaire=campaign.questionnaire, user=world.teacher
    ).exists()
    assert not survey_selectors.waiting_for(user=world.teacher).exists()
    # The others keep theirs.
    assert CompetencyScore.objects.filter(participant=colleague).count() == 1
    assert Invitation.objects.filter(
        questionnaire=campaign.questionnaire, user=world.colleague
    ).exists()
    assert AuditEntry.objects.filter(
        target_type="participant", target_id=str(participant.pk), actor=world.methodist
    ).exists()


def test_a_person_removed_and_added_again_is_invited_again(world, campaign):
    _open(campaign, world)
    participant = campaign.participants.get(user=world.teacher)
    campaign_services.participant_remove(participant=participant, by=world.methodist)
    campaign_services.participants_add(campaign=campaign, people=[world.teacher])
    assert survey_selectors.waiting_for(user=world.teacher).exists()


def test_a_draft_person_is_removed_without_a_questionnaire(world, campaign):
    participant = campaign.participants.get(user=world.teacher)
    response = client_for(world.methodist).post(_remove_url(participant))
    assert response.status_code == 302
    assert not campaign.participants.filter(user=world.teacher).exists()


def test_the_remove_view_takes_only_post(world, campaign):
    participant = campaign.participants.get(user=world.teacher)
    assert client_for(world.methodist).get(_remove_url(participant)).status_code == 405


def test_a_removed_person_leaves_the_cached_heat_map_at_once(world, framework):
    network_campaign = Campaign.objects.create(
        title="Сетевая диагностика",
        framework=framework,
        network=world.network,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 20),
        created_by=world.coordinator,
    )
    campaign_services.participants_add(
        campaign=network_campaign, people=campaign_selectors.default_people(network_campaign)
    )
    third = factories.person(organization_=world.school, last_name="Новикова")
    campaign_services.participants_add(campaign=network_campaign, people=[third])
    first = _indicator_ids(framework)["МТ.1.1"]
    levels = {world.teacher: 1, world.colleague: 2, third: 3}
    for person, level in levels.items():
        participant = network_campaign.participants.get(user=person)
        profile_services.scores_record(
            participant=participant, source="self", values={first: level}
        )

    def school_mean() -> float:
        heatmap = heatmap_selectors.network_map(
            campaign=Campaign.objects.get(pk=network_campaign.pk)
        )
        row = next(r for r in heatmap.rows if r.key == world.school.pk)
        column = next(c for c in heatmap.columns if c.code == "МТ.1")
        return row.cells[column.competency_id].mean

    assert school_mean() == pytest.approx(2.0)  # and cached now
    # The newest score belongs to the person removed last: removing an older one moves no id.
    removed = network_campaign.participants.get(user=world.teacher)
    campaign_services.participant_remove(participant=removed, by=world.coordinator)
    assert school_mean() == pytest.approx(2.5)
    page = client_for(world.superuser).get(
        reverse("diagnostics:heatmap_org", args=[network_campaign.pk, world.school.pk])
    )
    assert world.teacher.get_full_name() not in page.content.decode()
