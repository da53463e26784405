"""The plan's pages: who may open and change what, what a methodist sees, the DOCX read back."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse

from metodset.communities.models import MethodicalPlan, PlanTopic
from metodset.communities.services import plans as services
from metodset.diagnostics.models import Competency

from ..conftest import client_for
from . import factories
from .test_plans_selectors import two_campaigns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    """The school year 2026/27 is the current one."""
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def plan(world):
    """The school's plan for 2026/27 over two campaigns: МТ.2 and ЦФ.1 covered, МТ.1 (growing)
    not, and a choir that addresses no deficit."""
    _spring, autumn = two_campaigns(world.school)
    competency = {c.code: c for c in Competency.objects.filter(framework=autumn.framework)}
    made = factories.plan(organization=world.school, year=2026)
    for month, title, codes in [
        (2, "Обратная связь на уроке", ["МТ.2"]),
        (10, "Цифровые образовательные ресурсы", ["ЦФ.1"]),
        (12, "Хор учителей", []),
    ]:
        services.topic_add(
            plan=made,
            month=month,
            title=title,
            form="семинар",
            responsible="Кузнецова А. С.",
            competencies=[competency[c] for c in codes],
            by=world.methodist,
        )
    return made


def url(name, *args):
    return reverse(f"communities:{name}", args=args)


def test_the_plan_shows_topics_by_month_from_september(world, plan):
    response = client_for(world.teacher).get(url("plan", plan.pk))

    assert response.status_code == 200
    text = response.content.decode()
    assert "План методической работы на 2026/27 учебный год" in text
    assert text.index("Октябрь") < text.index("Декабрь") < text.index("Февраль")
    assert "МТ.2 Оценивает результаты" in text
    assert "Добавить тему" not in text  # a teacher reads the plan only


def test_people_of_other_organisations_get_404_on_every_plan_page(world, plan):
    topic = plan.topics.first()
    client = client_for(world.outsider)
    for name, arg in [
        ("plan", plan.pk),
        ("plan_match", plan.pk),
        ("plan_docx", plan.pk),
        ("plan_topic_add", plan.pk),
        ("plan_topic_edit", topic.pk),
        ("plan_create", world.school.pk),
    ]:
        assert client.get(url(name, arg)).status_code == 404, name
    for name, arg in [
        ("plan_questions", plan.pk),
        ("plan_draft_next", plan.pk),
        ("plan_topic_delete", topic.pk),
    ]:
        assert client.post(url(name, arg)).status_code == 404, name
    assert client.get(url("plans") + f"?organization={world.school.pk}").status_code == 404
    # a teacher of a partner organisation sees her own plans, not the partner's
    assert client_for(world.kg_teacher).get(url("plan", plan.pk)).status_code == 404


def test_a_teacher_reads_the_plan_but_not_the_match_nor_the_edits(world, plan):
    topic = plan.topics.first()
    client = client_for(world.teacher)
    for name, arg in [
        ("plan_match", plan.pk),
        ("plan_docx", plan.pk),
        ("plan_topic_add", plan.pk),
        ("plan_topic_edit", topic.pk),
        ("plan_create", world.school.pk),
    ]:
        assert client.get(url(name, arg)).status_code == 403, name
    for name, arg in [
        ("plan_questions", plan.pk),
        ("plan_draft_next", plan.pk),
        ("plan_topic_delete", topic.pk),
    ]:
        assert client.post(url(name, arg)).status_code == 403, name
    assert PlanTopic.objects.filter(pk=topic.pk).exists()


def test_the_match_table_as_the_methodist_sees_it(world, plan):
    response = client_for(world.methodist).get(url("plan_match", plan.pk))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Выявленные тенденции в профессиональном развитии" in text
    assert "Диагностика «Осень 2026»: продиагностировано 5 педагогов." in text
    assert "Сравнение с диагностикой «Весна 2026»." in text
    rows = response.context["rows"]
    assert [(r.kind, r.deficit, r.trend, [t.title for t in r.topics]) for r in rows] == [
        ("gap", "МТ.1 Проектирует урок", "20\u00a0% → 40\u00a0%, растёт", []),
        (
            "matched",
            "МТ.2 Оценивает результаты",
            "60\u00a0% → 40\u00a0%, снижается",
            ["Обратная связь на уроке"],
        ),
        (
            "matched",
            "ЦФ.1 Работает с цифровыми ресурсами",
            "40\u00a0% → 40\u00a0%, без изменений",
            ["Цифровые образовательные ресурсы"],
        ),
        ("unbacked", "", "", ["Хор учителей"]),
    ]
    assert "не охвачено планом" in text and "тема без выявленного дефицита" in text
    assert "Что мы делали для удовлетворения профессиональных потребностей?" in text


def test_the_methodist_chooses_from_what_share_a_deficit_is_a_trend(world, plan):
    client = client_for(world.methodist)

    strict = client.get(url("plan_match", plan.pk) + "?threshold=50").context["rows"]
    # no competency has half of the teachers with a deficit: every topic stands unbacked
    assert {r.kind for r in strict} == {"unbacked"} and len(strict) == 3
    loose = client.get(url("plan_match", plan.pk) + "?threshold=30").context["rows"]
    assert "МТ.1 Проектирует урок" in [r.deficit for r in loose]
    assert 'value="50" selected' in client.get(url("plan_match", plan.pk) + "?threshold=50").text
    for bad in ("33", "abc", "-10"):
        assert client.get(url("plan_match", plan.pk) + f"?threshold={bad}").status_code == 400
        assert client.get(url("plan_docx", plan.pk) + f"?threshold={bad}").status_code == 400


def test_a_network_coordinator_of_a_partner_sees_the_match_but_may_not_edit(world, plan):
    client = client_for(world.coordinator)

    assert client.get(url("plan_match", plan.pk)).status_code == 200
    assert client.get(url("plan", plan.pk)).status_code == 200
    assert client.post(url("plan_draft_next", plan.pk)).status_code == 403


def test_the_methodist_creates_a_plan_and_a_second_one_for_the_year_is_refused(world):
    client = client_for(world.methodist)
    create = url("plan_create", world.school.pk)

    assert "2026/27" in client.get(create).content.decode()
    response = client.post(
        create, {"year": "2026", "title": "Развитие профессиональной компетентности"}
    )
    made = MethodicalPlan.objects.get(organization=world.school, year=2026)
    assert response.status_code == 302 and response["Location"] == url("plan", made.pk)

    again = client.post(create, {"year": "2026", "title": "Ещё один"})
    assert again.status_code == 200
    assert "У организации уже есть план на этот учебный год." in again.content.decode()
    assert client.post(create, {"year": "1900"}).status_code == 200  # refused with a message
    assert MethodicalPlan.objects.filter(organization=world.school).count() == 1


def test_topics_are_added_edited_and_removed_by_the_methodist(world, plan):
    client = client_for(world.methodist)
    mt1 = Competency.objects.get(
        framework=plan.topics.first().competencies.get().framework, code="МТ.1"
    )

    form = client.get(url("plan_topic_add", plan.pk)).content.decode()
    assert "Методические" in form and "Проектирует урок" in form  # checkboxes by area
    response = client.post(
        url("plan_topic_add", plan.pk),
        {
            "month": "9",
            "title": "Проектирование урока",
            "form": "практикум",
            "competencies": [mt1.pk],
        },
    )
    assert response.status_code == 302
    topic = plan.topics.get(title="Проектирование урока")
    assert list(topic.competencies.all()) == [mt1]

    missing = client.post(url("plan_topic_add", plan.pk), {"month": "13", "title": ""})
    assert missing.status_code == 200 and "Обязательное поле." in missing.content.decode()

    client.post(
        url("plan_topic_edit", topic.pk),
        {"month": "11", "title": "Проектирование урока: практикум", "form": "практикум"},
    )
    topic.refresh_from_db()
    assert (topic.month, topic.title, topic.competencies.count()) == (
        11,
        "Проектирование урока: практикум",
        0,
    )

    assert client.post(url("plan_topic_delete", topic.pk)).status_code == 302
    assert not PlanTopic.objects.filter(pk=topic.pk).exists()


def test_the_three_answers_are_recorded_beside_the_table(world, plan):
    client = client_for(world.manager)
    client.post(
        url("plan_questions", plan.pk),
        {"what_we_did": "Семинары", "what_worked": "Взаимопосещения", "what_else": "Практикумы"},
    )

    plan.refresh_from_db()
    assert (plan.what_we_did, plan.what_worked, plan.what_else) == (
        "Семинары",
        "Взаимопосещения",
        "Практикумы",
    )
    assert (
        "Взаимопосещения"
        in client_for(world.coordinator).get(url("plan_match", plan.pk)).content.decode()
    )


def test_next_years_draft_keeps_matched_topics_and_proposes_workshops_for_gaps(world, plan):
    client = client_for(world.methodist)

    response = client.post(url("plan_draft_next", plan.pk))

    draft = MethodicalPlan.objects.get(organization=world.school, year=2027)
    assert response["Location"] == url("plan", draft.pk)
    assert draft.drafted_from == plan
    topics = [
        (t.month, t.title, [c.code for c in t.competencies.all()]) for t in draft.topics.all()
    ]
    assert topics == [
        (10, "Цифровые образовательные ресурсы", ["ЦФ.1"]),
        (2, "Обратная связь на уроке", ["МТ.2"]),
        (9, "Практикум: Проектирует урок", ["МТ.1"]),
    ]
    page = client.get(url("plan", draft.pk)).content.decode()
    assert "Составлен по плану на 2026/27" in page

    again = client.post(url("plan_draft_next", plan.pk), follow=True)
    assert "План на 2027/28 уже есть: отредактируйте его." in again.content.decode()
    assert MethodicalPlan.objects.filter(organization=world.school, year=2027).count() == 1


def test_the_docx_has_the_plan_the_table_and_the_answers(world, plan):
    from docx import Document

    services.plan_questions_record(
        plan=plan,
        what_we_did="Семинары",
        what_worked="",
        what_else="Практикумы",
        by=world.methodist,
    )
    response = client_for(world.methodist).get(url("plan_docx", plan.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("plan-2026-2027.docx")
    word = Document(BytesIO(response.content))
    paragraphs = [p.text for p in word.paragraphs]
    plan_table, match_table = ([[c.text for c in row.cells] for row in t.rows] for t in word.tables)
    assert "План методической работы" in paragraphs
    assert "2026/27 учебный год" in paragraphs
    assert plan_table[0] == ["Месяц", "Тема", "Форма", "Ответственный", "Компетенции"]
    assert plan_table[1] == [
        "Октябрь",
        "Цифровые образовательные ресурсы",
        "семинар",
        "Кузнецова А. С.",
        "ЦФ.1 Работает с цифровыми ресурсами",
    ]
    assert match_table[0] == [
        "Выявленные тенденции в профессиональном развитии",
        "Темы методической работы",
        "Выявленное соответствие",
    ]
    assert match_table[1] == [
        "МТ.1 Проектирует урок: 20\u00a0% → 40\u00a0%, растёт",
        "",
        "не охвачено планом",
    ]
    assert match_table[-1] == ["", "Декабрь: Хор учителей", "тема без выявленного дефицита"]
    assert "Что ещё можно сделать?" in paragraphs and "Практикумы" in paragraphs


def test_the_list_shows_the_viewers_organisation_and_lets_her_pick_another(world, plan):
    response = client_for(world.methodist).get(url("plans"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "План на 2026/27" in text and "3 темы" in text
    assert "Новый план на учебный год" in text

    coordinator = client_for(world.coordinator)
    assert (
        "План на 2026/27"
        in coordinator.get(url("plans") + f"?organization={world.school.pk}").content.decode()
    )
    assert coordinator.get(url("plans") + "?organization=abc").status_code == 404
    assert coordinator.get(url("plans") + "?organization=" + "9" * 30).status_code == 404
    assert coordinator.get(url("plan", 2**64)).status_code == 404
    assert client_for(world.outsider).get(url("plans")).status_code == 200  # her own, empty


def test_the_match_page_costs_the_same_for_more_teachers_and_topics(
    world, plan, django_assert_max_num_queries
):
    client = client_for(world.methodist)
    client.get(url("plan_match", plan.pk))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url("plan_match", plan.pk)).status_code == 200

    two_campaigns(world.school, framework=plan.topics.first().competencies.get().framework)
    for month in range(1, 13):
        services.topic_add(plan=plan, month=month, title=f"Тема {month}", by=world.methodist)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url("plan_match", plan.pk)).status_code == 200


def test_the_plan_page_costs_the_same_for_more_topics(world, plan, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.teacher)
    client.get(url("plan", plan.pk))
    with CaptureQueriesContext(connection) as small:
        client.get(url("plan", plan.pk))
    competencies = list(Competency.objects.all()[:5])
    for month in range(1, 13):
        services.topic_add(
            plan=plan,
            month=month,
            title=f"Тема {month}",
            competencies=competencies,
            by=world.methodist,
        )
    with django_assert_max_num_queries(len(small)):
        assert client.get(url("plan", plan.pk)).status_code == 200


def test_editing_a_topic_tagged_in_a_replaced_framework_keeps_its_competency(world):
    from .. import factories as base

    old, new = base.framework_small(), base.framework_small()
    two_campaigns(world.school, framework=old, latest_framework=new)
    plan = factories.plan(organization=world.school, year=2026)
    old_mt1 = Competency.objects.get(framework=old, code="МТ.1")
    topic = services.topic_add(
        plan=plan, month=9, title="Урок", competencies=[old_mt1], by=world.methodist
    )
    client = client_for(world.methodist)

    form = client.get(url("plan_topic_edit", topic.pk)).content.decode()
    assert f'value="{old_mt1.pk}" id="competency-{old_mt1.pk}" checked' in form
    assert "Малая рамка (v1): Методические" in form
    client.post(
        url("plan_topic_edit", topic.pk),
        {"month": "9", "title": "Урок", "competencies": [old_mt1.pk]},
    )
    assert list(topic.competencies.all()) == [old_mt1]


def test_the_list_of_plans_costs_the_same_for_more_plans(
    world, plan, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.methodist)
    client.get(url("plans"))
    with CaptureQueriesContext(connection) as small:
        client.get(url("plans"))
    for year in range(2020, 2026):
        services.plan_create(organization=world.school, year=year, by=world.methodist)
    with django_assert_max_num_queries(len(small)):
        assert "План на 2020/21" in client.get(url("plans")).content.decode()


def test_without_a_closed_campaign_the_page_says_so_and_the_draft_keeps_every_topic(world):
    plan = factories.plan(organization=world.school, year=2026)
    services.topic_add(plan=plan, month=10, title="Наставничество", by=world.methodist)
    client = client_for(world.methodist)

    page = client.get(url("plan_match", plan.pk)).content.decode()
    assert "Пока нет завершённой диагностики с результатами педагогов организации." in page
    assert "тема без выявленного дефицита" not in page

    client.post(url("plan_draft_next", plan.pk))
    draft = MethodicalPlan.objects.get(organization=world.school, year=2027)
    assert [t.title for t in draft.topics.all()] == ["Наставничество"]


def test_a_coordinator_sees_no_deficits_of_fewer_than_three_teachers(world):
    from .. import factories as base
    from .test_plans_selectors import closed_campaign, staff

    closed_campaign(
        world.kindergarten,
        [(p, ["МТ.1"]) for p in staff(world.kindergarten, 2)],
        framework=base.framework_small(),
        title="Осень",
        starts_on=dt.date(2026, 10, 1),
    )
    plan = factories.plan(organization=world.kindergarten, year=2026)

    page = client_for(world.coordinator).get(url("plan_match", plan.pk)).content.decode()

    assert "Продиагностировано слишком мало педагогов, чтобы показать их дефициты." in page
    assert "Проектирует урок" not in page


def test_the_draft_made_from_an_english_page_is_stored_in_russian(world, plan):
    from django.utils import translation

    from metodset.communities import matching
    from metodset.communities.selectors import plans as selectors

    trends = selectors.organization_trends(organization=world.school, viewer=world.methodist)
    topics = selectors.match_topics(plan, trends.campaign.framework_id)
    with translation.override("en"):
        draft = services.plan_draft_next(
            plan=plan, table=matching.match(trends.trends, topics), by=world.methodist
        )

    proposed = draft.topics.get(competencies__code="МТ.1")
    assert (proposed.title, proposed.form) == ("Практикум: Проектирует урок", "практикум")
