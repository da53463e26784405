"""A person's diagnostics are in their data export; on deletion the observers' words about them
are cleared and the scores stay for the heat maps."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.services import person_data_export, person_delete
from metodset.diagnostics import personal_data
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.instruments import services as instrument_services
from metodset.diagnostics.models import (
    Campaign,
    CompetencyScore,
    IndicatorScore,
    Observation,
    Participant,
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.models import TestAttempt as Attempt
from tests.factories import framework_small as small_framework


@pytest.fixture
def assessed(world):
    """An open campaign with a test and observations: the teacher fails the test and is
    observed by the methodist; the colleague is observed too."""
    framework = small_framework()
    ind = {i.code: i for i in framework.indicators.all()}
    test = instrument_services.test_create(
        framework=framework, title="Оценивание на уроке", organization=world.school, by=None
    )
    item = instrument_services.item_add(
        test=test,
        indicator=ind["МТ.2.1"],
        text="Что такое критериальное оценивание?",
        options=["Оценка по заранее известным критериям", "Оценка по среднему баллу"],
        key=[0],
        points=2,
    )
    campaign = Campaign.objects.create(
        title="Диагностика 2026",
        framework=framework,
        organization=world.school,
        starts_on=dt.date(2026, 1, 10),
        ends_on=dt.date(2026, 2, 10),
        status=Campaign.Status.OPEN,
        self_assessment=False,
        observation=True,
        test=test,
    )
    campaign_services.participants_add(campaign=campaign, people=[world.teacher, world.colleague])
    teacher = Participant.objects.get(campaign=campaign, user=world.teacher)
    colleague = Participant.objects.get(campaign=campaign, user=world.colleague)
    instrument_services.test_submit(participant=teacher, answers={item.pk: [1]})
    for participant, notes in (
        (teacher, "Критерии оценивания ученикам не объявлены"),
        (colleague, "Отличная обратная связь"),
    ):
        instrument_services.observation_record(
            participant=participant,
            observer=world.methodist,
            subject="Урок математики, 5 А: дроби",
            observed_on=dt.date(2026, 1, 20),
            notes=notes,
            values={ind["МТ.1.1"].pk: 1, ind["МТ.2.2"].pk: 3},
        )
    return campaign


def test_the_export_holds_the_persons_campaign_profile_protocols_and_test(world, assessed):
    table = ResultsTable.objects.create(
        organization=world.school, teacher=world.teacher, group="5 А", subject="Математика"
    )
    ResultRow.objects.create(table=table, area="Дроби", measured_on=dt.date(2026, 3, 1), value=64)
    participant = Participant.objects.get(user=world.teacher)

    data = person_data_export(person=world.teacher)["diagnostics"]

    (item,) = data["campaigns"]
    assert item["campaign"] == "Диагностика 2026"
    assert (item["framework"], item["framework_version"]) == ("Малая рамка", 1)
    assert (item["starts_on"], item["ends_on"]) == ("2026-01-10", "2026-02-10")
    assert item["organization"] == world.school.name
    assert item["position"] == participant.position
    levels = {c["code"]: (c["level"], c["deficit"]) for c in item["competencies"]}
    expected = CompetencyScore.objects.filter(participant=participant)
    assert levels == {s.competency.code: (s.level, s.deficit) for s in expected}
    assert levels == {"МТ.1": (1.0, True), "МТ.2": (1.5, True)}
    assert item["deficits"] == ["МТ.1 Проектирует урок", "МТ.2 Оценивает результаты"]  # worst first
    (protocol,) = item["observations"]
    assert protocol["observer"] == "Кузнецова Анна Сергеевна"
    assert protocol["notes"] == "Критерии оценивания ученикам не объявлены"
    assert protocol["observed_on"] == "2026-01-20"
    assert {i["code"]: i["level"] for i in protocol["indicators"]} == {"МТ.1.1": "1", "МТ.2.2": "3"}
    (attempt,) = item["test_attempts"]
    assert (attempt["test"], attempt["points"], attempt["max_points"]) == (
        "Оценивание на уроке",
        0,
        2,
    )
    assert data["children_results"] == [
        {
            "organization": world.school.name,
            "group": "5 А",
            "subject": "Математика",
            "scale": "% выполнения",
            "rows": [{"area": "Дроби", "measured_on": "2026-03-01", "value": 64, "children": None}],
        }
    ]
    assert "Отличная обратная связь" not in json.dumps(data, ensure_ascii=False)


def test_the_export_makes_as_many_queries_for_two_campaigns_as_for_one(world, assessed):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            personal_data.export(None, person=world.teacher)
        return len(captured)

    one = queries()
    second = Campaign.objects.create(
        title="Весна 2027",
        framework=assessed.framework,
        organization=world.school,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 20),
        observation=True,
    )
    campaign_services.participants_add(campaign=second, people=[world.teacher])
    participant = Participant.objects.get(campaign=second, user=world.teacher)
    indicator = assessed.framework.indicators.first()
    instrument_services.observation_record(
        participant=participant,
        observer=world.methodist,
        subject="Классный час",
        observed_on=dt.date(2027, 3, 5),
        notes="Лучше",
        values={indicator.pk: 2},
    )
    assert len(personal_data.export(None, person=world.teacher)[1]["campaigns"]) == 2
    assert queries() == one


def test_deletion_clears_the_observers_words_and_keeps_the_scores(world, assessed):
    teacher = Participant.objects.get(user=world.teacher)
    scores = (
        IndicatorScore.objects.filter(participant=teacher).count(),
        CompetencyScore.objects.filter(participant=teacher).count(),
    )

    person_delete(person=world.teacher, by=world.coordinator)

    protocol = Observation.objects.get(participant=teacher)
    assert protocol.notes == ""
    assert protocol.subject == "Урок математики, 5 А: дроби"
    assert Observation.objects.get(participant__user=world.colleague).notes == (
        "Отличная обратная связь"
    )
    assert scores == (
        IndicatorScore.objects.filter(participant=teacher).count(),
        CompetencyScore.objects.filter(participant=teacher).count(),
    )
    assert scores[1] > 0
    assert Attempt.objects.filter(participant=teacher).count() == 1
    data = person_data_export(person=world.teacher)["diagnostics"]
    assert data["campaigns"][0]["observations"][0]["notes"] == ""
