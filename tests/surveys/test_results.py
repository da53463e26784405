"""Results: the summary aggregated in the database, the page with charts, the responses table."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.surveys import results
from metodset.surveys.models import Question

from .. import factories as base
from ..conftest import client_for
from . import factories

Kind = Question.Kind


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def answered(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    qs = factories.all_kinds(q)
    teacher, colleague, _kg = factories.invite(q, world.teacher, world.colleague, world.kg_teacher)
    factories.respond(
        q,
        {
            qs["single"]: 0,
            qs["multiple"]: [0, 2],
            qs["scale"]: 5,
            qs["yes_no"]: True,
            qs["short_text"]: "Наставничество",
            qs["long_text"]: "Отлично",
            qs["number"]: 10,
            qs["matrix"]: [5, 4],
        },
        user=world.teacher,
        invitation=teacher,
    )
    factories.respond(
        q,
        {
            qs["single"]: 1,
            qs["multiple"]: [0],
            qs["scale"]: 3,
            qs["yes_no"]: False,
            qs["number"]: 20,
            qs["matrix"]: [3, 4],
        },
        user=world.colleague,
        invitation=colleague,
    )
    factories.respond(
        q,
        {
            qs["single"]: 0,
            qs["scale"]: 4,
            qs["yes_no"]: True,
            qs["long_text"]: "Хочу ещё",
            qs["number"]: 30,
            qs["matrix"]: [4, 2],
        },
        channel="public",
    )
    return q, qs


def _bars(result) -> list[tuple[str, int, int]]:
    return [(b.label, b.count, round(b.percent)) for b in result.bars]


def test_summary_counts_shares_means_and_tables(answered):
    q, qs = answered
    summary = results.summary(questionnaire=q)
    by_id = {r.question.pk: r for r in summary.questions}

    assert (summary.responses, summary.public_responses) == (3, 1)
    assert (summary.invited, summary.answered, round(summary.answered_percent)) == (3, 2, 67)

    single = by_id[qs["single"].pk]
    assert single.respondents == 3
    assert _bars(single) == [("Да, все", 2, 67), ("Большая часть", 1, 33), ("Меньшая часть", 0, 0)]

    multiple = by_id[qs["multiple"].pk]
    assert multiple.respondents == 2
    assert _bars(multiple) == [
        ("Не хватало времени", 2, 100),
        ("Техника", 0, 0),
        ("Команда", 1, 50),
    ]

    scale = by_id[qs["scale"].pk]
    assert scale.mean == 4.0
    assert [(b.label, b.count) for b in scale.bars] == [
        ("1", 0),
        ("2", 0),
        ("3", 1),
        ("4", 1),
        ("5", 1),
    ]

    assert _bars(by_id[qs["yes_no"].pk]) == [("Да", 2, 67), ("Нет", 1, 33)]

    number = by_id[qs["number"].pk]
    assert (number.mean, number.minimum, number.maximum) == (20.0, 10.0, 30.0)
    assert sum(b.count for b in number.bars) == 3
    assert number.bars[0].label == "10–12" and number.bars[0].count == 1
    assert number.bars[5].count == 1 and number.bars[-1].count == 1  # 30 lands in the last bin

    matrix = by_id[qs["matrix"].pk]
    assert matrix.columns == ["1", "2", "3", "4", "5"]
    assert [(r.label, r.respondents, round(r.mean, 2)) for r in matrix.rows] == [
        ("Проектировать события", 3, 4.0),
        ("Анализировать продукт", 3, 3.33),
    ]
    assert [b.count for b in matrix.rows[1].bars] == [0, 1, 0, 2, 0]

    assert [t.text for t in by_id[qs["long_text"].pk].texts] == ["Хочу ещё", "Отлично"]
    assert [t.text for t in by_id[qs["short_text"].pk].texts] == ["Наставничество"]


def test_summary_kept_in_the_cache_shows_a_new_response_and_a_new_label_at_once(answered):
    q, qs = answered
    first = {r.question.pk: r for r in results.summary(questionnaire=q).questions}
    again = {r.question.pk: r for r in results.summary(questionnaire=q).questions}  # cached
    assert _bars(again[qs["single"].pk]) == _bars(first[qs["single"].pk])

    factories.respond(q, {qs["single"]: 2, qs["short_text"]: "Новая тема", qs["number"]: 40})
    Question.objects.filter(pk=qs["single"].pk).update(
        options=["Да, все", "Большая часть", "Почти никто"]
    )
    summary = results.summary(questionnaire=q)
    by_id = {r.question.pk: r for r in summary.questions}
    assert summary.responses == 4
    assert _bars(by_id[qs["single"].pk]) == [
        ("Да, все", 2, 50),
        ("Большая часть", 1, 25),
        ("Почти никто", 1, 25),
    ]
    assert by_id[qs["short_text"].pk].texts[0].text == "Новая тема"
    assert by_id[qs["number"].pk].maximum == 40.0


def test_a_question_whose_kind_changes_is_grouped_anew(answered):
    q, qs = answered
    results.summary(questionnaire=q)
    Question.objects.filter(pk=qs["short_text"].pk).update(kind=Kind.NUMBER)
    by_id = {r.question.pk: r for r in results.summary(questionnaire=q).questions}
    assert by_id[qs["short_text"].pk].texts == []  # no longer read as text


def test_matrix_with_columns_and_small_whole_number_ranges(world):
    q = factories.questionnaire(by=world.coordinator)
    matrix = factories.question(
        q, Kind.MATRIX, "Насколько нужна поддержка?", options=["Не нужна", "Нужна"], rows=["ИКТ"]
    )
    number = factories.question(q, Kind.NUMBER, "Стаж, лет")
    for cell, years in ((1, 3), (1, 5), (0, 5)):
        factories.respond(q, {matrix: [cell], number: years})
    by_id = {r.question.pk: r for r in results.summary(questionnaire=q).questions}
    row = by_id[matrix.pk].rows[0]
    assert by_id[matrix.pk].columns == ["Не нужна", "Нужна"]
    assert [(b.label, b.count, round(b.percent)) for b in row.bars] == [
        ("Не нужна", 1, 33),
        ("Нужна", 2, 67),
    ]
    assert [(b.label, b.count) for b in by_id[number.pk].bars] == [("3", 1), ("4", 0), ("5", 2)]


def test_results_page_shows_the_share_of_invited_and_each_question(world, answered):
    q, qs = answered
    response = client_for(world.coordinator).get(f"/surveys/{q.pk}/results/")
    assert response.status_code == 200
    html = _text(response)
    assert "Ответили 2 из 3 приглашённых — 67 %" in html
    assert '<div class="display-6" data-testid="total-responses">3</div>' in html
    assert (
        '3</div> <div class="text-body-secondary">ответа получено, из них 1 по публичной ссылке'
        in html
    )
    assert "Среднее: <strong>4,0</strong> по шкале от 1 до 5" in html
    assert "Хочу ещё" in html and f"/surveys/{q.pk}/results/questions/{qs['long_text'].pk}/" in html
    assert 'data-testid="row-mean">3,3</td>' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    charts = json.loads(
        response.content.decode()
        .split('<script id="chart-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert charts[f"chart-{qs['single'].pk}"] == {
        "type": "hbar",
        "labels": ["Да, все", "Большая часть", "Меньшая часть"],
        "data": [2, 1, 0],
    }
    assert charts[f"chart-{qs['matrix'].pk}"]["type"] == "stacked"


def test_one_answered_of_many_reads_well_in_russian(world):
    q = factories.questionnaire(by=world.coordinator)
    question = factories.question(q, Kind.YES_NO)
    invitations = factories.invite(q, world.teacher, world.colleague)
    factories.respond(q, {question: True}, invitation=invitations[0])
    html = _text(client_for(world.coordinator).get(f"/surveys/{q.pk}/results/"))
    assert "Ответил 1 из 2 приглашённых — 50 %" in html
    assert '1</div> <div class="text-body-secondary">ответ получен</div>' in html


@pytest.mark.parametrize("who", ["teacher", "colleague", "outsider", "kg_teacher"])
def test_those_who_do_not_run_it_never_see_results(world, answered, who):
    q, qs = answered
    client = client_for(getattr(world, who))
    for url in (
        f"/surveys/{q.pk}/results/",
        f"/surveys/{q.pk}/results/responses/",
        f"/surveys/{q.pk}/results/questions/{qs['long_text'].pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_results_page_costs_the_same_queries_for_few_and_many_responses(world, answered):
    q, qs = answered
    client = client_for(world.coordinator)
    few = _count_queries(client, f"/surveys/{q.pk}/results/")
    for n in range(12):
        factories.respond(
            q,
            {
                qs["single"]: n % 3,
                qs["multiple"]: [n % 3, 1],
                qs["scale"]: 1 + n % 5,
                qs["yes_no"]: n % 2 == 0,
                qs["short_text"]: f"Тема {n}",
                qs["long_text"]: f"Отзыв {n}",
                qs["number"]: n * 7,
                qs["matrix"]: [1 + n % 5, 2],
            },
        )
    assert _count_queries(client, f"/surveys/{q.pk}/results/") == few


def test_responses_table_has_a_column_per_question_and_a_row_per_response(world, answered):
    q, _qs = answered
    html = _text(client_for(world.coordinator).get(f"/surveys/{q.pk}/results/responses/"))
    assert html.count('data-testid="response-row"') == 3
    assert "Петрова Елена Викторовна" in html and "Соколов Игорь Андреевич" in html
    assert "<div>Не хватало времени</div><div>Команда</div>" in html
    assert "Проектировать события: 5" in html


def test_responses_table_of_an_anonymous_questionnaire_names_nobody(world, answered):
    q, _qs = answered
    q.anonymous = True
    q.save()
    html = _text(client_for(world.coordinator).get(f"/surveys/{q.pk}/results/responses/"))
    assert "Петрова" not in html and "Участник" not in html


def test_responses_table_query_count_does_not_grow(world, answered):
    q, qs = answered
    client = client_for(world.coordinator)
    url = f"/surveys/{q.pk}/results/responses/"
    small = _count_queries(client, url)
    for n in range(5):
        person = base.person(organization_=world.school)
        factories.respond(q, {qs["single"]: 1, qs["long_text"]: f"Текст {n}"}, user=person)
    assert _count_queries(client, url) == small


def test_all_text_answers_page(world, answered):
    q, qs = answered
    client = client_for(world.coordinator)
    url = f"/surveys/{q.pk}/results/questions/{qs['long_text'].pk}/"
    html = _text(client.get(url))
    assert "2 ответа" in html and "Хочу ещё" in html and "Отлично" in html
    small = _count_queries(client, url)
    for n in range(4):
        factories.respond(q, {qs["long_text"]: f"Отзыв {n}"}, user=base.person())
    assert _count_queries(client, url) == small
    assert client.get(f"/surveys/{q.pk}/results/questions/{qs['scale'].pk}/").status_code == 404
