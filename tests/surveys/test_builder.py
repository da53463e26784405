"""The builder: the «Анкеты» list, templates in one click, settings, questions and sections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.surveys import services, shipped
from metodset.surveys.models import Question, Questionnaire, Section

from .. import factories as base
from ..conftest import client_for
from . import factories

Kind = Question.Kind
HTMX = {"HTTP_HX_REQUEST": "true"}


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- the list --------------------------------------------------------------------------------


def test_coordinator_sees_their_questionnaires_with_response_counts(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    question = factories.question(q, Kind.YES_NO)
    for person in (world.teacher, world.colleague):
        factories.respond(q, {question: True}, user=person)
    factories.questionnaire(by=world.outsider, title="Чужая анкета")

    response = client_for(world.coordinator).get("/surveys/")

    assert response.status_code == 200
    html = _text(response)
    assert "Рефлексия участника интернатуры" in html
    assert "Чужая анкета" not in html
    assert 'data-testid="responses">2</a>' in html
    assert "Создать по шаблону" in html
    assert "Рефлексия участника цифровой педагогической интернатуры" in html  # a template


def test_methodist_sees_questionnaires_of_their_organisation_by_others(world):
    factories.questionnaire(by=world.coordinator, organization=world.school, title="Для школы")
    factories.questionnaire(by=world.coordinator, organization=world.kindergarten, title="Для сада")
    html = _text(client_for(world.methodist).get("/surveys/"))
    assert "Для школы" in html
    assert "Для сада" not in html


@pytest.mark.parametrize("who", ["teacher", "outsider_teacher"])
def test_teachers_have_no_questionnaire_list(world, who):
    person = world.teacher if who == "teacher" else world.kg_teacher
    assert client_for(person).get("/surveys/").status_code == 403
    assert client_for(person).get("/surveys/new/").status_code == 403


def test_menu_shows_questionnaires_to_those_who_create_them(world):
    assert 'href="/surveys/"' in client_for(world.coordinator).get("/").content.decode()
    assert 'href="/surveys/"' in client_for(world.methodist).get("/").content.decode()
    assert 'href="/surveys/"' not in client_for(world.teacher).get("/").content.decode()


def test_list_query_count_does_not_grow(world):
    client = client_for(world.coordinator)
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    factories.respond(q, {factories.question(q, Kind.YES_NO): True})
    small = _count_queries(client, "/surveys/")
    for n in range(4):
        other = factories.questionnaire(
            by=world.coordinator, organization=world.school, network=world.network, title=f"№ {n}"
        )
        question = factories.question(other, Kind.SCALE)
        factories.invite(other, world.teacher, world.colleague)
        for _r in range(3):
            factories.respond(other, {question: 4})
    assert _count_queries(client, "/surveys/") == small


def test_list_filters_by_status(world):
    factories.questionnaire(by=world.coordinator, title="Открытая анкета")
    factories.questionnaire(by=world.coordinator, title="Черновая анкета", status="draft")
    html = _text(client_for(world.coordinator).get("/surveys/?status=draft"))
    assert "Черновая анкета" in html and "Открытая анкета" not in html


# --- creating ---------------------------------------------------------------------------------


def test_a_template_becomes_a_draft_of_the_user_in_one_click(world):
    client = client_for(world.coordinator)
    response = client.post(
        "/surveys/new/from-template/",
        {"template": "internship_reflection", "network": world.network.pk},
    )
    q = Questionnaire.objects.get()
    assert response["Location"] == f"/surveys/{q.pk}/"
    assert q.status == "draft" and q.created_by == world.coordinator
    assert q.network == world.network and q.template_key == "internship_reflection"
    template = shipped.template("internship_reflection")
    assert q.questions.count() == template.question_count == 14
    assert list(q.sections.values_list("title", flat=True)) == [
        "Проведённое событие",
        "Межвебинарный период",
        "Участие в интернатуре",
    ]
    page = _text(client.get(f"/surveys/{q.pk}/"))
    assert "Черновик готов." in page
    assert "Насколько вы удовлетворены реализованным событием?" in page


def test_audience_feedback_template_is_anonymous_with_a_public_link(world):
    client_for(world.methodist).post(
        "/surveys/new/from-template/",
        {"template": "audience_feedback", "organization": world.school.pk},
    )
    q = Questionnaire.objects.get()
    assert q.anonymous and q.public_link_enabled and q.organization == world.school


def test_the_owner_must_be_the_users_own(world):
    response = client_for(world.methodist).post(
        "/surveys/new/from-template/",
        {"template": "audience_feedback", "organization": world.kindergarten.pk},
    )
    assert response["Location"] == "/surveys/"
    assert not Questionnaire.objects.exists()


def test_blank_questionnaire_is_created_for_the_methodists_organisation(world):
    client = client_for(world.methodist)
    form = client.get("/surveys/new/").content.decode()
    assert f'<option value="{world.school.pk}" selected>' in form
    response = client.post(
        "/surveys/new/", {"title": "Запросы педагогов", "organization": world.school.pk}
    )
    q = Questionnaire.objects.get()
    assert response["Location"] == f"/surveys/{q.pk}/"
    assert (q.title, q.organization, q.status) == ("Запросы педагогов", world.school, "draft")


def test_blank_questionnaire_without_owner_is_refused_next_to_the_field(world):
    response = client_for(world.coordinator).post("/surveys/new/", {"title": "Без владельца"})
    assert "Выберите организацию или сеть, для которой эта анкета." in _text(response)
    assert not Questionnaire.objects.exists()


# --- who may open the builder ------------------------------------------------------------


@pytest.fixture
def draft(world):
    q = factories.questionnaire(by=world.methodist, organization=world.school, status="draft")
    return q, factories.question(q, Kind.SINGLE, "Все ли цели были реализованы?")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("methodist", 200),
        ("manager", 200),
        ("coordinator", 200),  # the school is a partner of their network
        ("superuser", 200),
        ("teacher", 403),
        ("outsider", 403),
        ("kg_teacher", 403),
    ],
)
def test_who_may_open_the_builder(world, draft, who, status):
    q, _question = draft
    client = client_for(getattr(world, who))
    for url in (f"/surveys/{q.pk}/", f"/surveys/{q.pk}/settings/", f"/surveys/{q.pk}/preview/"):
        assert client.get(url).status_code == status, url


def test_outsider_cannot_change_questions(world, draft):
    q, question = draft
    client = client_for(world.outsider)
    assert client.post(f"/surveys/{q.pk}/questions/{question.pk}/delete/").status_code == 403
    assert client.post(f"/surveys/{q.pk}/open/", {}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_unknown_questionnaire_is_404(world):
    assert client_for(world.coordinator).get("/surveys/999999/").status_code == 404


# --- questions and sections -------------------------------------------------------------------


def test_adding_a_scale_question_by_htmx_redraws_the_builder(world, draft):
    q, _first = draft
    client = client_for(world.methodist)
    form = client.get(f"/surveys/{q.pk}/questions/add/?kind=scale", **HTMX)
    html = form.content.decode()
    assert html.startswith('\n<div id="builder"') or '<div id="builder"' in html[:200]
    assert 'name="scale"' in html and 'name="options"' not in html

    response = client.post(
        f"/surveys/{q.pk}/questions/add/",
        {
            "kind": "scale",
            "text": "Насколько полезной была помощь тьютора?",
            "scale": "0-10",
            "scale_min_label": "бесполезной",
            "scale_max_label": "очень полезной",
            "required": "on",
        },
        **HTMX,
    )
    assert response.status_code == 200
    added = Question.objects.get(text="Насколько полезной была помощь тьютора?")
    assert (added.kind, added.scale_min, added.scale_max, added.required) == ("scale", 0, 10, True)
    assert added.scale_max_label == "очень полезной"
    html = _text(response)
    assert (
        '2.</div> <div class="flex-grow-1 min-w-0"> <div class="text-break">Насколько полезной'
        in html
    )
    assert "0 (бесполезной) … 10 (очень полезной)" in html
    assert 'data-testid="question-form"' not in response.content.decode()


def test_switching_the_kind_redraws_the_form_with_what_was_typed(world, draft):
    q, _first = draft
    response = client_for(world.methodist).get(
        f"/surveys/{q.pk}/questions/add/",
        {"switch": "1", "kind": "matrix", "text": "Оцените составляющие", "required": "on"},
        **HTMX,
    )
    html = response.content.decode()
    assert "Оцените составляющие</textarea>" in html
    assert 'name="rows"' in html and 'name="matrix_columns"' in html


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"kind": "single", "text": "Вопрос", "options": "Только один"}, "Укажите хотя бы два"),
        ({"kind": "multiple", "text": "Вопрос", "options": "А\nБ\nА"}, "«А» повторяется."),
        (
            {"kind": "matrix", "text": "Вопрос", "rows": "", "matrix_columns": "scale"},
            "хотя бы одну строку",
        ),
        (
            {"kind": "number", "text": "Вопрос", "number_min": "10", "number_max": "5"},
            "Должно быть больше",
        ),
        ({"kind": "single", "text": "", "options": "А\nБ"}, "Обязательное поле."),
    ],
)
def test_a_question_with_a_bad_setting_is_refused_with_the_message(world, draft, data, field_error):
    q, _first = draft
    response = client_for(world.methodist).post(f"/surveys/{q.pk}/questions/add/", data, **HTMX)
    assert field_error in _text(response)
    assert q.questions.count() == 1


def test_matrix_with_own_columns(world, draft):
    q, _first = draft
    client_for(world.methodist).post(
        f"/surveys/{q.pk}/questions/add/",
        {
            "kind": "matrix",
            "text": "Насколько вам нужна поддержка?",
            "rows": "Предметная\nМетодическая",
            "matrix_columns": "options",
            "options": "Не нужна\nСкорее нужна\nОчень нужна",
        },
    )
    matrix = Question.objects.get(kind="matrix")
    assert matrix.rows == ["Предметная", "Методическая"]
    assert matrix.options == ["Не нужна", "Скорее нужна", "Очень нужна"]
    assert matrix.scale_min is None and not matrix.uses_scale


def test_editing_deleting_and_moving_questions(world, draft):
    q, first = draft
    second = factories.question(q, Kind.YES_NO, "Было ли полезным участие?")
    client = client_for(world.methodist)

    client.post(
        f"/surveys/{q.pk}/questions/{first.pk}/",
        {
            "kind": "single",
            "text": "Все ли цели и задачи реализованы?",
            "options": "Да\nНет\nЧастично",
        },
        **HTMX,
    )
    first.refresh_from_db()
    assert first.text == "Все ли цели и задачи реализованы?"
    assert first.options == ["Да", "Нет", "Частично"]

    client.post(f"/surveys/{q.pk}/questions/{second.pk}/move/", {"direction": "up"}, **HTMX)
    assert list(q.questions.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]

    response = client.post(f"/surveys/{q.pk}/questions/{second.pk}/delete/")  # without htmx
    assert response.status_code == 302
    assert list(q.questions.values_list("pk", flat=True)) == [first.pk]


def test_sections_are_added_renamed_moved_and_deleted_keeping_their_questions(world, draft):
    q, first = draft
    client = client_for(world.methodist)
    client.post(f"/surveys/{q.pk}/sections/add/", {"new-title": "Проведённое событие"}, **HTMX)
    client.post(f"/surveys/{q.pk}/sections/add/", {"new-title": "Межвебинарный период"}, **HTMX)
    event, between = q.sections.order_by("order")
    client.post(
        f"/surveys/{q.pk}/questions/{first.pk}/",
        {"kind": "single", "text": first.text, "options": "Да\nНет", "section": between.pk},
    )
    client.post(f"/surveys/{q.pk}/sections/{between.pk}/move/", {"direction": "up"}, **HTMX)
    assert list(q.sections.order_by("order").values_list("title", flat=True)) == [
        "Межвебинарный период",
        "Проведённое событие",
    ]
    client.post(
        f"/surveys/{q.pk}/sections/{event.pk}/",
        {f"section{event.pk}-title": "Событие", f"section{event.pk}-description": "О событии"},
        **HTMX,
    )
    event.refresh_from_db()
    assert (event.title, event.description) == ("Событие", "О событии")
    client.post(f"/surveys/{q.pk}/sections/{between.pk}/delete/", **HTMX)
    first.refresh_from_db()
    assert first.section is None and not Section.objects.filter(pk=between.pk).exists()


def test_builder_query_count_does_not_grow_with_questions(world, draft):
    q, _first = draft
    client = client_for(world.methodist)
    small = _count_queries(client, f"/surveys/{q.pk}/")
    section = factories.section(q)
    for n in range(6):
        factories.question(q, Kind.SCALE, f"Вопрос {n}", section=section)
    assert _count_queries(client, f"/surveys/{q.pk}/") == small


# --- once people have answered -------------------------------------------------------------------


@pytest.fixture
def answered(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    questions = factories.all_kinds(q)
    factories.respond(q, {questions["single"]: 0, questions["scale"]: 4}, user=world.teacher)
    return q, questions


def test_once_answered_a_question_cannot_be_deleted(world, answered):
    q, questions = answered
    response = client_for(world.coordinator).post(
        f"/surveys/{q.pk}/questions/{questions['single'].pk}/delete/", **HTMX
    )
    assert "удаление вопроса уничтожит ответы на него" in _text(response)
    assert Question.objects.filter(pk=questions["single"].pk).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "single",
            {"kind": "multiple", "options": "Да, все\nБольшая часть\nМеньшая часть"},
            "тип вопроса изменить нельзя",
        ),
        (
            "single",
            {"kind": "single", "options": "Да, все\nБольшая часть"},
            "удалять варианты ответа нельзя",
        ),
        ("scale", {"kind": "scale", "scale": "1-10"}, "шкалу изменить нельзя"),
        (
            "matrix",
            {"kind": "matrix", "rows": "Проектировать события", "matrix_columns": "scale"},
            "удалять строки таблицы нельзя",
        ),
    ],
)
def test_once_answered_changes_that_break_results_are_refused(world, answered, name, data, message):
    q, questions = answered
    question = questions[name]
    before = (question.kind, question.options, question.scale_max, question.rows)
    response = client_for(world.coordinator).post(
        f"/surveys/{q.pk}/questions/{question.pk}/", {"text": question.text, **data}, **HTMX
    )
    assert message in _text(response)
    question.refresh_from_db()
    assert (question.kind, question.options, question.scale_max, question.rows) == before


def test_once_answered_wording_and_new_options_are_allowed(world, answered):
    q, questions = answered
    question = questions["single"]
    client_for(world.coordinator).post(
        f"/surveys/{q.pk}/questions/{question.pk}/",
        {
            "kind": "single",
            "text": "Все ли цели и задачи события реализованы?",
            "options": "Да, все\nБольшая часть\nМеньшая часть\nНи одной",
        },
        **HTMX,
    )
    question.refresh_from_db()
    assert question.text == "Все ли цели и задачи события реализованы?"
    assert question.options[-1] == "Ни одной"


def test_once_answered_anonymity_cannot_change(world, answered):
    q, _questions = answered
    client = client_for(world.coordinator)
    page = _text(client.get(f"/surveys/{q.pk}/settings/"))
    assert 'name="anonymous" id="id_anonymous" class="form-check-input" disabled' in page
    assert "Люди уже отвечали на этих условиях, поэтому это изменить нельзя." in page
    client.post(
        f"/surveys/{q.pk}/settings/",
        {
            "title": q.title,
            "network": world.network.pk,
            "anonymous": "on",
            "public_hourly_limit": 30,
        },
    )
    q.refresh_from_db()
    assert q.anonymous is False
    with pytest.raises(ValidationError, match="анонимность изменить нельзя"):
        services.questionnaire_update(questionnaire=q, anonymous=True)


# --- settings and status ------------------------------------------------------------------------


def test_settings_are_saved_in_the_viewers_time_zone(world, draft):
    q, _question = draft
    response = client_for(world.methodist).post(  # Europe/Moscow, UTC+3
        f"/surveys/{q.pk}/settings/",
        {
            "title": "Анкета после стажировки",
            "intro": "Ответьте до пятницы.",
            "organization": world.school.pk,
            "opens_at": "2030-03-02T09:00",
            "closes_at": "2030-03-10T18:00",
            "remind_at": "2030-03-07T10:00",
            "public_link_enabled": "on",
            "public_hourly_limit": "50",
        },
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.title == "Анкета после стажировки" and q.public_link_enabled
    assert q.closes_at.isoformat() == "2030-03-10T15:00:00+00:00"
    assert q.remind_at.isoformat() == "2030-03-07T07:00:00+00:00"
    assert q.public_hourly_limit == 50


def test_settings_refuse_an_end_before_the_start(world, draft):
    q, _question = draft
    response = client_for(world.methodist).post(
        f"/surveys/{q.pk}/settings/",
        {
            "title": q.title,
            "organization": world.school.pk,
            "opens_at": "2030-03-10T09:00",
            "closes_at": "2030-03-02T18:00",
            "public_hourly_limit": "30",
        },
    )
    assert "Окончание должно быть позже начала." in _text(response)


def test_opening_needs_a_question_and_closing_stops_answers(world):
    q = factories.questionnaire(by=world.methodist, organization=world.school, status="draft")
    client = client_for(world.methodist)
    response = client.post(f"/surveys/{q.pk}/open/", {}, follow=True)
    assert "Прежде чем открыть анкету, добавьте хотя бы один вопрос." in _text(response)
    factories.question(q, Kind.YES_NO)
    client.post(f"/surveys/{q.pk}/open/", {})
    q.refresh_from_db()
    assert q.status == "open"
    client.post(f"/surveys/{q.pk}/close/", {})
    q.refresh_from_db()
    assert q.status == "closed"


def test_state_badges(world):
    now = timezone.now()
    factories.questionnaire(by=world.coordinator, title="А", opens_at=now + timedelta(days=1))
    factories.questionnaire(by=world.coordinator, title="Б", closes_at=now - timedelta(days=1))
    html = _text(client_for(world.coordinator).get("/surveys/"))
    assert "Откроется" in html and "Срок истёк" in html


def test_preview_checks_answers_and_saves_nothing(world, draft):
    q, question = draft
    client = client_for(world.methodist)
    page = _text(client.get(f"/surveys/{q.pk}/preview/"))
    assert "Предпросмотр: так анкету увидят участники." in page
    missing = client.post(f"/surveys/{q.pk}/preview/", {})
    assert "Ответьте, пожалуйста, на этот вопрос." in _text(missing)
    ok = client.post(f"/surveys/{q.pk}/preview/", {f"q{question.pk}": "1"})
    assert "Все ответы заполнены верно." in _text(ok)
    assert not q.responses.exists()


def test_deleting_a_questionnaire_asks_first(world, draft):
    q, _question = draft
    client = client_for(world.methodist)
    assert "Удалить анкету?" in _text(client.get(f"/surveys/{q.pk}/delete/"))
    assert client_for(world.teacher).post(f"/surveys/{q.pk}/delete/").status_code == 403
    client.post(f"/surveys/{q.pk}/delete/")
    assert not Questionnaire.objects.exists()


def test_a_coordinator_of_another_network_is_refused(world, draft):
    q, _question = draft
    other_net = base.network(name="Другая сеть")
    other = base.person(network_=other_net, role="coordinator")
    assert client_for(other).get(f"/surveys/{q.pk}/").status_code == 403


def test_the_public_link_is_offered_for_copying(world, settings):
    settings.SITE_URL = "https://metodset.example.ru"
    q = factories.questionnaire(by=world.coordinator, public_link_enabled=True)
    html = client_for(world.coordinator).get(f"/surveys/{q.pk}/distribute/").content.decode()
    assert f'value="https://metodset.example.ru/surveys/s/{q.public_token}/"' in html
    q.public_link_enabled = False
    q.save()
    html = client_for(world.coordinator).get(f"/surveys/{q.pk}/").content.decode()
    assert "/surveys/s/" not in html
