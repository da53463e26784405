"""Campaigns, the self-assessment through a questionnaire, observation protocols and who may
observe or open a campaign (profiles themselves: tests/diagnostics/profiles)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext

from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.models import Campaign, CompetencyScore, Participant
from metodset.diagnostics.profiles import selectors as profile_selectors
from metodset.diagnostics.profiles import services as profile_services
from metodset.surveys.models import Invitation, Question
from tests import factories

from ...conftest import client_for

LEVELS = [
    {"value": 0, "label": "не проявляется", "descriptor": ""},
    {"value": 1, "label": "эпизодически", "descriptor": ""},
    {"value": 2, "label": "систематически", "descriptor": ""},
    {"value": 3, "label": "делится опытом", "descriptor": ""},
]


small_framework = factories.framework_small


def _indicators(framework):
    return {i.code: i for i in framework.indicators.all()}


def _competencies(framework):
    return {c.code: c for c in framework.competencies.all()}


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


# --- campaigns --------------------------------------------------------------------------------


def test_methodist_creates_a_campaign_for_her_school_teachers(world, framework):
    client = client_for(world.methodist)
    response = client.post(
        reverse("diagnostics:campaign_create"),
        {
            "title": "Входная диагностика",
            "scope": f"org:{world.school.pk}",
            "framework": framework.pk,
            "starts_on": "2026-10-01",
            "ends_on": "2026-11-30",
            "self_assessment": "on",
        },
    )
    campaign = Campaign.objects.get(title="Входная диагностика")
    assert response.status_code == 302
    assert campaign.organization == world.school and campaign.status == "draft"
    people = set(campaign.participants.values_list("user__email", flat=True))
    assert {world.teacher.email, world.colleague.email} <= people
    assert world.kg_teacher.email not in people


def test_bad_campaign_input_keeps_what_was_typed(world, framework):
    client = client_for(world.methodist)
    response = client.post(
        reverse("diagnostics:campaign_create"),
        {
            "title": "Весенняя диагностика",
            "scope": f"org:{world.school.pk}",
            "framework": framework.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
            "self_assessment": "on",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Весенняя диагностика" in body
    assert gettext("The campaign cannot end before it starts.") in [
        str(e) for e in response.context["form"].errors["ends_on"]
    ]
    assert not Campaign.objects.filter(title="Весенняя диагностика").exists()


def test_a_teacher_cannot_create_a_campaign_or_one_for_another_school(world, framework):
    assert client_for(world.teacher).get(reverse("diagnostics:campaign_create")).status_code == 404
    response = client_for(world.methodist).post(
        reverse("diagnostics:campaign_create"),
        {
            "title": "Чужая",
            "scope": f"org:{world.kindergarten.pk}",
            "framework": framework.pk,
            "starts_on": "2026-10-01",
            "ends_on": "2026-11-30",
            "self_assessment": "on",
        },
    )
    assert response.status_code == 400
    assert not Campaign.objects.filter(title="Чужая").exists()


def _answer_self(client, campaign, user, picks):
    """Answer the campaign's self-assessment as ``user``; ``picks`` maps indicator code to a
    column index (the level's index, or len(levels) for «не применимо»)."""
    invitation = Invitation.objects.get(questionnaire=campaign.questionnaire, user=user)
    codes = {i.pk: i.code for i in campaign.framework.indicators.all()}
    data = {}
    for question_id, indicator_ids in campaign.self_map.items():
        for row, indicator_id in enumerate(indicator_ids):
            data[f"q{question_id}_r{row}"] = str(picks[codes[indicator_id]])
    return client.post(reverse("surveys:answer_invited", args=[invitation.token]), data)


def test_self_assessment_becomes_a_profile_with_deficits(
    world, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.methodist).post(reverse("diagnostics:campaign_open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "open"
    questions = Question.objects.filter(questionnaire=campaign.questionnaire)
    assert questions.count() == 3 and {q.kind for q in questions} == {"matrix"}
    assert questions.get(text="Проектирует урок").options[-1] == "не применимо"
    invited = {m.to[0] for m in mail.outbox}
    assert world.teacher.email in invited and world.colleague.email in invited

    client = client_for(world.teacher)
    response = _answer_self(
        client,
        campaign,
        world.teacher,
        {"МТ.1.1": 1, "МТ.1.2": 2, "МТ.2.1": 3, "МТ.2.2": 2, "ЦФ.1.1": 0, "ЦФ.1.2": 4},
    )
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert reverse("diagnostics:my_profile") in thanks.content.decode()

    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    assert participant.self_done_at is not None
    levels = {
        s.competency.code: (s.level, s.deficit)
        for s in CompetencyScore.objects.filter(participant=participant).select_related(
            "competency"
        )
    }
    # МТ.1: (1+2)/2 = 1.5 — a deficit; МТ.2: 2.5; ЦФ.1: only «0», the journal «не применимо».
    assert levels == {"МТ.1": (1.5, True), "МТ.2": (2.5, False), "ЦФ.1": (0.0, True)}

    page = client.get(reverse("diagnostics:my_profile"))
    deficits = [r.title for r in page.context["profile"].deficits]
    assert deficits == ["Работает с цифровыми ресурсами", "Проектирует урок"]  # worst first
    assert "Оценивает результаты" not in [r.title for r in page.context["profile"].deficits]
    assert [d.code for d in profile_selectors.deficits_of(world.teacher)] == ["ЦФ.1", "МТ.1"]


def test_the_campaign_page_shows_progress(world, campaign):
    campaign_services.campaign_open(campaign=campaign, by=world.methodist)
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant, source="self", values={ids["МТ.1.1"].pk: 2}
    )
    Participant.objects.filter(pk=participant.pk).update(self_done_at=dt.datetime.now(dt.UTC))
    page = client_for(world.methodist).get(reverse("diagnostics:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert page.context["progress"]["self_done"] == 1
    assert page.context["progress"]["scored"] == 1
    assert world.teacher.get_full_name() in page.content.decode()


def test_observation_protocol_outweighs_the_self_assessment(world, campaign):
    campaign_services.campaign_open(campaign=campaign, by=world.methodist)
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant,
        source="self",
        values={ids["МТ.1.1"].pk: 3, ids["МТ.1.2"].pk: 3},
    )
    client = client_for(world.methodist)
    url = reverse("diagnostics:observe", args=[participant.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "subject": "Урок математики, 5 А",
            "observed_on": "2026-10-15",
            "notes": "Цели не названы детям",
            f"i{ids['МТ.1.1'].pk}": "0",
            f"i{ids['МТ.1.2'].pk}": "",
        },
    )
    assert response.status_code == 302
    score = CompetencyScore.objects.get(
        participant=participant, competency=_competencies(campaign.framework)["МТ.1"]
    )
    # МТ.1.1: (3 + 2·0)/3 = 1; МТ.1.2: 3 (not observed) → 2.0, at the threshold.
    assert score.level == 2.0 and score.deficit is False
    assert score.sources == "self,observation"


def test_an_empty_protocol_is_refused_and_keeps_the_text(world, campaign):
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    response = client_for(world.methodist).post(
        reverse("diagnostics:observe", args=[participant.pk]),
        {"subject": "Классный час, 7 Б", "observed_on": "2026-10-15", "notes": "Хорошо"},
    )
    assert response.status_code == 400
    assert "Классный час, 7 Б" in response.content.decode()
    assert not participant.observations.exists()


# --- who may observe and open a campaign --------------------------------------------------------


@pytest.fixture
def scored(world, campaign):
    participant = Participant.objects.get(campaign=campaign, user=world.teacher)
    ids = _indicators(campaign.framework)
    profile_services.scores_record(
        participant=participant, source="self", values={ids["МТ.1.1"].pk: 0}
    )
    return participant


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("methodist", 200),
        ("manager", 200),
        ("teacher", 404),
        ("colleague", 404),
        ("kg_teacher", 404),
        ("coordinator", 404),
    ],
)
def test_who_may_fill_in_an_observation_protocol(world, scored, who, status):
    url = reverse("diagnostics:observe", args=[scored.pk])
    assert client_for(getattr(world, who)).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("methodist", 200),
        ("manager", 200),
        ("teacher", 404),
        ("kg_teacher", 404),
        ("coordinator", 404),
        ("council", 404),
    ],
)
def test_who_may_open_an_organisation_campaign(world, campaign, who, status):
    url = reverse("diagnostics:campaign", args=[campaign.pk])
    assert client_for(getattr(world, who)).get(url).status_code == status


def test_network_campaign_shows_coordinators_progress_by_organisation_without_names(
    world, framework
):
    c = Campaign.objects.create(
        title="Сетевая",
        framework=framework,
        network=world.network,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 1),
        created_by=world.coordinator,
    )
    campaign_services.participants_add(campaign=c, people=campaign_selectors.default_people(c))
    page = client_for(world.coordinator).get(reverse("diagnostics:campaign", args=[c.pk]))
    assert page.status_code == 200
    orgs = {row["organization__short_name"] for row in page.context["by_org"]}
    assert orgs == {world.school.short_name, world.kindergarten.short_name}
    assert world.teacher.get_full_name() not in page.content.decode()
    # the school's methodist sees her own people by name, not the kindergarten's
    page = client_for(world.methodist).get(reverse("diagnostics:campaign", args=[c.pk]))
    body = page.content.decode()
    assert world.teacher.get_full_name() in body
    assert world.kg_teacher.get_full_name() not in body


@pytest.mark.parametrize("action", ["campaign_open", "campaign_close"])
def test_only_those_who_run_a_campaign_open_or_close_it(world, campaign, action):
    url = reverse(f"diagnostics:{action}", args=[campaign.pk])
    assert client_for(world.teacher).post(url).status_code == 404
    assert client_for(world.kg_teacher).post(url).status_code == 404


def test_adding_an_unknown_email_names_it(world, campaign):
    stranger = factories.person(email="stranger@example.ru", organization_=world.outside_org)
    client = client_for(world.methodist)
    response = client.post(
        reverse("diagnostics:campaign_add_people", args=[campaign.pk]),
        {"emails": f"{stranger.email}\nnobody@example.ru"},
        follow=True,
    )
    body = response.content.decode()
    assert "nobody@example.ru" in body
    assert not campaign.participants.filter(user=stranger).exists()


def test_creating_opening_and_closing_a_campaign_is_audited(world, framework):
    from metodset.accounts.models import AuditEntry

    campaign, added = campaign_services.campaign_create(
        campaign=Campaign(
            title="Аудит кампании",
            framework=framework,
            organization=world.school,
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 12, 20),
            self_assessment=True,
        ),
        by=world.methodist,
    )
    campaign_services.campaign_open(campaign=campaign, by=world.methodist)
    campaign_services.campaign_close(campaign=campaign, by=world.methodist)
    entries = AuditEntry.objects.filter(target_type="campaign", target_id=str(campaign.pk))
    assert [(e.action, e.actor, e.changes) for e in entries.order_by("pk")] == [
        ("created", world.methodist, {"participants": [None, added]}),
        ("status_changed", world.methodist, {"status": ["черновик", "открыта"]}),
        ("status_changed", world.methodist, {"status": ["открыта", "закрыта"]}),
    ]
