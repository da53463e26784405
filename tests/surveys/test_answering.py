"""Answering by the personal link and by the public link: validation, once only, dates."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from metodset.surveys.models import Answer, Question, Questionnaire, Response

from ..conftest import client_for
from . import factories

Kind = Question.Kind


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _question_block(html: str, question: Question) -> str:
    """The HTML of one question's card on the answer page."""
    start = html.index(f'id="question-{question.pk}"')
    following = re.compile(r'id="question-\d+" data-testid="answer-question"').search(
        html, start + 10
    )
    return html[start : following.start() if following else len(html)]


@pytest.fixture
def survey(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    section = factories.section(q, "Проведённое событие")
    questions = factories.all_kinds(q)
    for question in questions.values():
        question.section = section
        question.save()
    return q, questions


def _valid(questions) -> dict:
    return {
        f"q{questions['single'].pk}": "0",
        f"q{questions['multiple'].pk}": ["0", "2"],
        f"q{questions['scale'].pk}": "4",
        f"q{questions['yes_no'].pk}": "yes",
        f"q{questions['short_text'].pk}": "Наставничество",
        f"q{questions['long_text'].pk}": "Было интересно работать в команде.",
        f"q{questions['number'].pk}": "12",
        f"q{questions['matrix'].pk}_r0": "5",
        f"q{questions['matrix'].pk}_r1": "4",
    }


def test_invitee_answers_by_the_personal_link_without_logging_in(world, survey):
    q, questions = survey
    (invitation,) = factories.invite(q, world.teacher)
    url = f"/surveys/a/{invitation.token}/"

    page = Client().get(url)
    assert page.status_code == 200
    html = _text(page)
    assert "Рефлексия участника интернатуры" in html
    assert "Ответы будут подписаны: Петрова Елена Викторовна." in html
    assert '<h2 class="h5 mt-4 mb-1">Проведённое событие</h2>' in html
    assert '<legend class="fs-6 fw-semibold mb-1">1. Все ли цели были реализованы?' in html

    response = Client().post(url, _valid(questions))
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/a/{invitation.token}/thanks/"

    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    stored = Response.objects.get()
    assert stored.user == world.teacher and stored.invitation == invitation
    answers = {
        (a.question.kind, a.row_index, a.choice_index, a.number, a.text)
        for a in Answer.objects.select_related("question")
    }
    assert answers == {
        ("single", None, 0, None, ""),
        ("multiple", None, 0, None, ""),
        ("multiple", None, 2, None, ""),
        ("scale", None, None, 4, ""),
        ("yes_no", None, 0, None, ""),
        ("short_text", None, None, None, "Наставничество"),
        ("long_text", None, None, None, "Было интересно работать в команде."),
        ("number", None, None, 12, ""),
        ("matrix", 0, None, 5, ""),
        ("matrix", 1, None, 4, ""),
    }
    thanks = Client().get(f"/surveys/a/{invitation.token}/thanks/")
    assert "Спасибо!" in _text(thanks)


def test_missing_and_out_of_range_answers_are_named_next_to_their_question_and_the_rest_kept(
    world, survey
):
    q, questions = survey
    (invitation,) = factories.invite(q, world.teacher)
    data = _valid(questions)
    del data[f"q{questions['single'].pk}"]  # required, missing
    data[f"q{questions['number'].pk}"] = "150"  # above the maximum of 100
    data[f"q{questions['scale'].pk}"] = "7"  # outside 1–5
    data[f"q{questions['multiple'].pk}"] = ["0", "9"]  # an option that does not exist
    data[f"q{questions['matrix'].pk}_r1"] = ""  # a required row left empty

    response = Client().post(f"/surveys/a/{invitation.token}/", data)

    assert response.status_code == 200
    assert not Response.objects.exists()
    html = response.content.decode()
    assert "Проверьте ответы на 5 вопросов — они отмечены ниже." in _text(response)
    single = _question_block(html, questions["single"])
    assert "Ответьте, пожалуйста, на этот вопрос." in single
    assert "border-danger" in single
    number = _question_block(html, questions["number"])
    assert "Введите число от 0 до 100." in number
    assert 'value="150"' in number  # what was typed stays, to be corrected
    scale = _question_block(html, questions["scale"])
    assert "Выберите значение от 1 до 5." in scale
    multiple = _question_block(html, questions["multiple"])
    assert "Выберите из предложенных вариантов." in multiple
    matrix = _question_block(html, questions["matrix"])
    assert "Ответьте для этой строки." in matrix
    assert "Ответьте для каждой строки таблицы." in matrix
    # everything else is kept as entered
    assert "Наставничество" in _question_block(html, questions["short_text"])
    assert "Было интересно работать в команде." in _question_block(html, questions["long_text"])
    yes_no = _question_block(html, questions["yes_no"])
    assert re.search(r'value="yes" checked', yes_no)
    assert re.search(r'value="5" autocomplete="off" checked', matrix)
    assert "border-danger" not in _question_block(html, questions["yes_no"])
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_a_number_with_a_comma_is_accepted(world, survey):
    q, questions = survey
    (invitation,) = factories.invite(q, world.teacher)
    data = _valid(questions)
    data[f"q{questions['number'].pk}"] = "2,5"
    assert Client().post(f"/surveys/a/{invitation.token}/", data).status_code == 302
    assert Answer.objects.get(question=questions["number"]).number == 2.5


def test_an_invitee_answers_once(world, survey):
    q, questions = survey
    (invitation,) = factories.invite(q, world.teacher)
    url = f"/surveys/a/{invitation.token}/"
    assert Client().post(url, _valid(questions)).status_code == 302
    again = Client().post(url, _valid(questions))
    assert "Вы уже ответили на эту анкету. Спасибо!" in _text(again)
    assert Response.objects.count() == 1
    assert "Вы уже ответили" in _text(Client().get(url))


def test_anonymous_questionnaire_keeps_no_link_to_the_person(world, survey):
    q, questions = survey
    q.anonymous = True
    q.save()
    (invitation,) = factories.invite(q, world.teacher)
    page = Client().get(f"/surveys/a/{invitation.token}/")
    assert "Анкета анонимная: ваши ответы не связываются с вашим именем." in _text(page)
    Client().post(f"/surveys/a/{invitation.token}/", _valid(questions))
    response = Response.objects.get()
    assert response.user is None and response.invitation is None
    invitation.refresh_from_db()
    assert invitation.answered_at is not None  # only that they answered


def test_unknown_token_is_404(db):
    assert Client().get("/surveys/a/no-such-token/").status_code == 404
    assert Client().get("/surveys/s/no-such-token/").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Questionnaire.Status.DRAFT}, "Анкета ещё не опубликована."),
        ({"status": Questionnaire.Status.CLOSED}, "Анкета закрыта; ответы больше не принимаются."),
        ({"opens_at": timezone.now() + timedelta(days=2)}, "Анкета откроется"),
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "Приём ответов закончился"),
    ],
)
def test_dates_and_status_are_enforced_with_a_clear_message(world, survey, change, message):
    q, questions = survey
    for field, value in change.items():
        setattr(q, field, value)
    q.save()
    (invitation,) = factories.invite(q, world.teacher)
    page = Client().get(f"/surveys/a/{invitation.token}/")
    assert message in _text(page)
    assert 'data-testid="answer-form"' not in page.content.decode()
    Client().post(f"/surveys/a/{invitation.token}/", _valid(questions))
    assert not Response.objects.exists()


def test_another_logged_in_person_is_told_whose_link_it_is(world, survey):
    q, _questions = survey
    (invitation,) = factories.invite(q, world.teacher)
    page = client_for(world.colleague).get(f"/surveys/a/{invitation.token}/")
    assert "Эта персональная ссылка отправлена адресату Петрова Елена Викторовна" in _text(page)


# --- the public link ------------------------------------------------------------------------


@pytest.fixture
def public(world):
    q = factories.questionnaire(
        by=world.coordinator,
        title="Отзыв участника мероприятия",
        anonymous=True,
        public_link_enabled=True,
        public_hourly_limit=2,
    )
    scale = factories.question(q, Kind.SCALE, "Насколько вам понравилось мероприятие?")
    text = factories.question(q, Kind.LONG_TEXT, "Ваши пожелания ведущим", required=False)
    return q, scale, text


def test_public_link_takes_one_answer_per_browser(public):
    q, scale, text = public
    browser = Client()
    url = f"/surveys/s/{q.public_token}/"
    assert browser.get(url).status_code == 200
    assert "metodset_browser" in browser.cookies
    first = browser.post(url, {f"q{scale.pk}": "5", f"q{text.pk}": "Проводите чаще!"})
    assert first["Location"] == f"/surveys/s/{q.public_token}/thanks/"
    response = Response.objects.get()
    assert response.user is None and response.channel == "public"
    assert len(response.browser_hash) == 64 and len(response.ip_hash) == 64
    assert "127.0.0.1" not in response.ip_hash

    second = browser.post(url, {f"q{scale.pk}": "1"})
    assert "Вы уже ответили на эту анкету. Спасибо!" in _text(second)
    assert "Вы уже ответили" in _text(browser.get(url))
    assert Response.objects.count() == 1


def test_public_link_limits_answers_per_address_per_hour(public):
    q, scale, _text_q = public
    url = f"/surveys/s/{q.public_token}/"
    for _n in range(2):  # two different browsers behind one school router
        browser = Client(REMOTE_ADDR="192.0.2.10")
        browser.get(url)
        assert browser.post(url, {f"q{scale.pk}": "4"}).status_code == 302
    third = Client(REMOTE_ADDR="192.0.2.10")
    third.get(url)
    refused = third.post(url, {f"q{scale.pk}": "3"})
    assert refused.status_code == 200
    assert "Из вашей сети за последний час пришло слишком много ответов (не больше 2 в час)." in (
        _text(refused)
    )
    assert re.search(r'value="3" autocomplete="off" checked', refused.content.decode())
    assert Response.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.get(url)
    assert other.post(url, {f"q{scale.pk}": "3"}).status_code == 302


def test_public_link_is_404_when_switched_off(public):
    q, _scale, _text_q = public
    q.public_link_enabled = False
    q.save()
    assert Client().get(f"/surveys/s/{q.public_token}/").status_code == 404


def test_the_thanks_page_shows_the_questionnaires_own_words(public):
    q, _scale, _text_q = public
    q.thanks = "Спасибо за ваш отзыв! Он очень важен для педагогов."
    q.save()
    page = Client().get(f"/surveys/s/{q.public_token}/thanks/")
    assert "Спасибо за ваш отзыв! Он очень важен для педагогов." in _text(page)
