"""A questionnaire with sections answered a section a page, with a draft kept on the server."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from metodset.accounts.services import person_data_export, person_delete
from metodset.surveys.models import Answer, Draft, Question, Questionnaire, Response

from ..conftest import client_for
from . import factories

Kind = Question.Kind


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def paged(world):
    """Three sections: a choice and a text, a scale, a matrix and an optional comment."""
    q = factories.questionnaire(by=world.coordinator, network=world.network)
    first = factories.section(q, "Проведённое событие", order=1)
    second = factories.section(q, "Межвебинарный период", order=2)
    third = factories.section(q, "Участие в интернатуре", order=3)
    questions = {
        "goals": factories.question(q, Kind.SINGLE, "Все ли цели были реализованы?", section=first),
        "topic": factories.question(
            q, Kind.SHORT_TEXT, "Тема следующей встречи", section=first, required=False
        ),
        "scale": factories.question(q, Kind.SCALE, "Насколько вы удовлетворены?", section=second),
        "matrix": factories.question(q, Kind.MATRIX, "Насколько помогла?", section=third),
        "comment": factories.question(
            q, Kind.LONG_TEXT, "Ваш отзыв", section=third, required=False
        ),
    }
    (invitation,) = factories.invite(q, world.teacher)
    return q, questions, invitation


def _url(invitation) -> str:
    return f"/surveys/a/{invitation.token}/"


def _name(question, row=None) -> str:
    return f"q{question.pk}" if row is None else f"q{question.pk}_r{row}"


def test_a_questionnaire_with_sections_is_answered_a_section_a_page(world, paged):
    q, questions, invitation = paged
    page = Client().get(_url(invitation))
    html = _text(page)
    assert "Раздел 1 из 3" in html
    assert 'role="progressbar"' in html and 'aria-valuenow="1"' in html
    assert "Все ли цели были реализованы?" in html and "Насколько вы удовлетворены?" not in html
    assert 'data-testid="page-next">Далее</button>' in html
    assert 'data-testid="page-back"' not in html and "Отправить ответы" not in html
    # The radios of a required question say so; the fieldset carries no aria-required.
    assert "aria-required" not in re.sub(r"<(input|textarea)[^>]*>", "", html)
    assert re.search(rf'name="{_name(questions["goals"])}"[^>]*value="0"[^>]*required', html)


def test_next_checks_the_page_and_keeps_what_was_entered(world, paged):
    q, questions, invitation = paged
    client = Client()
    stay = client.post(
        _url(invitation), {"page": "1", "to": "2", _name(questions["topic"]): "Наставничество"}
    )
    assert stay.status_code == 200
    html = _text(stay)
    assert "Раздел 1 из 3" in html
    assert "Проверьте ответ на 1 вопрос — он отмечен ниже." in html
    assert "Ответьте, пожалуйста, на этот вопрос." in html
    assert 'value="Наставничество"' in html
    draft = Draft.objects.get(invitation=invitation)
    assert draft.page == 1 and draft.data[_name(questions["topic"])] == ["Наставничество"]

    moved = client.post(
        _url(invitation),
        {"page": "1", "to": "2", _name(questions["goals"]): "1", _name(questions["topic"]): "Х"},
    )
    assert moved.status_code == 302 and moved["Location"] == f"{_url(invitation)}?section=2"
    draft.refresh_from_db()
    assert draft.page == 2 and draft.data[_name(questions["goals"])] == ["1"]
    second = _text(client.get(moved["Location"]))
    assert "Раздел 2 из 3" in second and "Насколько вы удовлетворены?" in second
    assert 'data-testid="page-back"' in second
    assert "Черновик от" not in second  # a move between pages is not a return


def test_back_saves_without_checking(world, paged):
    q, questions, invitation = paged
    back = Client().post(_url(invitation), {"page": "2", "to": "1"})
    assert back["Location"] == f"{_url(invitation)}?section=1"
    draft = Draft.objects.get(invitation=invitation)
    assert draft.page == 1 and draft.data == {_name(questions["scale"]): []}


def test_she_comes_back_by_the_link_to_her_page_with_her_answers(world, paged):
    q, questions, invitation = paged
    Client().post(
        _url(invitation),
        {"page": "1", "to": "2", _name(questions["goals"]): "2", _name(questions["topic"]): "ИКТ"},
    )
    Client().post(_url(invitation), {"page": "2", "to": "3", _name(questions["scale"]): "4"})

    html = _text(Client().get(_url(invitation)))  # a new browser, the same link
    assert "Раздел 3 из 3" in html and "Насколько помогла?" in html
    assert "Черновик от" in html and "восстановлен" in html
    assert "Отправить ответы" in html
    earlier = _text(Client().get(f"{_url(invitation)}?section=1"))
    assert re.search(rf'name="{_name(questions["goals"])}"[^>]*value="2" checked', earlier)
    assert 'value="ИКТ"' in earlier


def test_autosave_merges_the_page_into_the_draft(world, paged):
    q, questions, invitation = paged
    Client().post(_url(invitation), {"page": "1", "to": "2", _name(questions["goals"]): "0"})
    saved = Client().post(
        f"{_url(invitation)}draft/", {"page": "3", _name(questions["matrix"], 0): "5"}
    )
    assert saved.status_code == 204
    draft = Draft.objects.get(invitation=invitation)
    assert draft.page == 3
    assert draft.data[_name(questions["goals"])] == ["0"]
    assert draft.data[_name(questions["matrix"], 0)] == ["5"]
    assert draft.data[_name(questions["matrix"], 1)] == []
    html = _text(Client().get(_url(invitation)))
    assert re.search(r'value="5" autocomplete="off" checked', html)


def test_sending_keeps_every_page_and_clears_the_draft(world, paged):
    q, questions, invitation = paged
    client = Client()
    client.post(
        _url(invitation),
        {"page": "1", "to": "2", _name(questions["goals"]): "0", _name(questions["topic"]): "Т"},
    )
    client.post(_url(invitation), {"page": "2", "to": "3", _name(questions["scale"]): "3"})
    sent = client.post(
        _url(invitation),
        {
            "page": "3",
            _name(questions["matrix"], 0): "5",
            _name(questions["matrix"], 1): "4",
            _name(questions["comment"]): "Спасибо!",
        },
    )
    assert sent["Location"] == f"{_url(invitation)}thanks/"
    response = Response.objects.get()
    assert response.user == world.teacher
    assert Answer.objects.filter(response=response).count() == 6
    assert not Draft.objects.exists()


def test_sending_with_an_earlier_page_unanswered_opens_that_page(world, paged):
    q, questions, invitation = paged
    client = Client()
    client.post(_url(invitation), {"page": "1", "to": "2", _name(questions["goals"]): "0"})
    refused = client.post(
        _url(invitation),
        {"page": "3", _name(questions["matrix"], 0): "5", _name(questions["matrix"], 1): "4"},
    )
    assert refused.status_code == 200
    html = _text(refused)
    assert "Раздел 2 из 3" in html and "Ответьте, пожалуйста, на этот вопрос." in html
    assert not Response.objects.exists()
    draft = Draft.objects.get(invitation=invitation)
    assert draft.page == 2 and draft.data[_name(questions["matrix"], 0)] == ["5"]


def test_another_invitation_neither_sees_nor_changes_her_draft(world, paged):
    q, questions, invitation = paged
    (colleagues,) = factories.invite(q, world.colleague)
    Client().post(_url(invitation), {"page": "1", "to": "2", _name(questions["goals"]): "2"})
    html = _text(Client().get(_url(colleagues)))
    assert "Раздел 1 из 3" in html and "Черновик от" not in html
    assert not re.search(rf'name="{_name(questions["goals"])}"[^>]*checked', html)
    Client().post(f"{_url(colleagues)}draft/", {"page": "1", _name(questions["goals"]): "0"})
    assert Draft.objects.get(invitation=invitation).data[_name(questions["goals"])] == ["2"]
    assert Draft.objects.get(invitation=colleagues).data[_name(questions["goals"])] == ["0"]


def test_draft_saving_is_refused_where_answering_is(world, paged):
    q, questions, invitation = paged
    assert Client().post("/surveys/a/no-such-token/draft/", {"page": "1"}).status_code == 404
    assert Client().get(f"{_url(invitation)}draft/").status_code == 405
    assert Client().post(f"{_url(invitation)}draft/", {}).status_code == 400
    q.closes_at = timezone.now() - timedelta(hours=1)
    q.save()
    closed = Client().post(f"{_url(invitation)}draft/", {"page": "1"})
    assert closed.status_code == 409 and "Приём ответов закончился" in closed.content.decode()
    q.closes_at = None
    q.save()
    invitation.answered_at = timezone.now()
    invitation.save()
    answered = Client().post(f"{_url(invitation)}draft/", {"page": "1"})
    assert answered.status_code == 409 and "Вы уже ответили" in answered.content.decode()
    assert not Draft.objects.exists()


def test_a_public_link_draft_belongs_to_the_browser(world, paged):
    q, questions, invitation = paged
    q.public_link_enabled = True
    q.anonymous = True
    q.save()
    url = f"/surveys/s/{q.public_token}/"
    browser = Client()
    browser.get(url)
    moved = browser.post(url, {"page": "1", "to": "2", _name(questions["goals"]): "1"})
    assert moved["Location"] == f"{url}?section=2"
    draft = Draft.objects.get()
    assert draft.invitation is None and len(draft.browser_hash) == 64
    assert "Раздел 2 из 3" in _text(browser.get(url))

    stranger = Client()
    assert "Раздел 1 из 3" in _text(stranger.get(url))
    assert stranger.post(f"{url}draft/", {"page": "1"}).status_code == 204  # its own draft
    assert Client().post(f"{url}draft/", {"page": "1"}).status_code == 400  # no cookie
    assert Draft.objects.count() == 2

    browser.post(url, {"page": "2", "to": "3", _name(questions["scale"]): "5"})
    sent = browser.post(
        url, {"page": "3", _name(questions["matrix"], 0): "1", _name(questions["matrix"], 1): "2"}
    )
    assert sent["Location"] == f"{url}thanks/"
    assert Response.objects.get().user is None
    assert Draft.objects.count() == 1  # the stranger's own is untouched


def test_a_questionnaire_without_sections_stays_one_page(world):
    q = factories.questionnaire(by=world.coordinator, status=Questionnaire.Status.OPEN)
    factories.question(q, Kind.SCALE, "Насколько вам понравилось?")
    factories.question(q, Kind.LONG_TEXT, "Пожелания", required=False)
    (invitation,) = factories.invite(q, world.teacher)
    html = _text(Client().get(_url(invitation)))
    assert "Раздел 1" not in html and 'data-testid="progress"' not in html
    assert "Отправить ответы" in html and "Далее" not in html


def test_my_week_says_which_questionnaire_is_begun(world, paged):
    q, questions, invitation = paged
    home = client_for(world.teacher)
    assert "черновик сохранён" not in _text(home.get("/"))
    Client().post(_url(invitation), {"page": "1", "to": "2", _name(questions["goals"]): "0"})
    html = _text(home.get("/"))
    assert f'href="/surveys/a/{invitation.token}/">Рефлексия участника интернатуры</a>' in html
    assert "начата, черновик сохранён (раздел 2)" in html


def test_a_draft_is_in_her_data_export_and_goes_when_her_data_are_deleted(world, paged):
    q, questions, invitation = paged
    Client().post(
        _url(invitation),
        {"page": "1", "to": "2", _name(questions["goals"]): "1", _name(questions["topic"]): "ИКТ"},
    )
    Client().post(f"{_url(invitation)}draft/", {"page": "3", _name(questions["matrix"], 1): "4"})

    (exported,) = person_data_export(person=world.teacher)["questionnaires"]
    assert exported["questionnaire"] == "Рефлексия участника интернатуры"
    assert "draft_saved_at" in exported
    assert exported["answers"] == [
        {"question": "Все ли цели были реализованы?", "row": None, "answer": "Большая часть"},
        {"question": "Тема следующей встречи", "row": None, "answer": "ИКТ"},
        {"question": "Насколько помогла?", "row": "Анализировать продукт", "answer": "4"},
    ]

    person_delete(person=world.teacher, by=world.coordinator)
    assert not Draft.objects.exists()
