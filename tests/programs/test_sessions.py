"""Live presentation sessions: the regulation, the clock, the order of teams, the question
queue, and who may open which view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.programs.models import LiveSession, SessionQuestion, Team
from metodset.programs.services import ProgramError
from metodset.programs.services.sessions import (
    question_ask,
    question_mark_answered,
    session_add_time,
    session_back,
    session_create,
    session_next,
    session_pause,
    session_resume,
    session_set_regulation,
    session_start,
    session_state,
    slots_reorder,
    slots_shuffle,
)

from .. import factories
from ..conftest import client_for

T0 = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def session(internship) -> LiveSession:
    return session_create(stage=internship.stage("second"), by=internship.coordinator)


def _fresh(session: LiveSession) -> LiveSession:
    return LiveSession.objects.get(pk=session.pk)


def _team_order(session: LiveSession) -> list[int]:
    return list(session.slots.order_by("order").values_list("team__number", flat=True))


def _where(session: LiveSession) -> tuple[str, int | None]:
    state = session_state(_fresh(session), T0)
    return state["phase"], state["team"].number if state["team"] else None


# --- creation and the regulation -------------------------------------------------------------


def test_session_has_the_teams_in_number_order_and_the_second_stage_regulation(internship):
    Team.objects.filter(pk=internship.teams[0].pk).update(number=5)  # numbers, not creation
    session = session_create(stage=internship.stage("second"), by=internship.coordinator)
    assert (session.talk_seconds, session.questions_seconds) == (180, 120)
    assert _team_order(session) == [2, 5]
    assert session.title == internship.stage("second").title
    assert session.phase == LiveSession.Phase.WAITING


def test_final_stage_gives_five_minutes_and_three_of_reflection(internship):
    session = session_create(stage=internship.stage("final"), by=internship.coordinator)
    assert (session.talk_seconds, session.questions_seconds) == (300, 180)


def test_stage_without_a_regulation_gets_three_and_two_minutes_and_times_can_be_given(internship):
    first = internship.stage("first")
    assert first.talk_minutes is None
    session = session_create(stage=first, by=internship.coordinator, title="Проба")
    assert (session.talk_seconds, session.questions_seconds, session.title) == (180, 120, "Проба")
    custom = session_create(
        stage=first, by=internship.coordinator, talk_seconds=240, questions_seconds=0
    )
    assert (custom.talk_seconds, custom.questions_seconds) == (240, 0)
    changed = session_set_regulation(session=custom, talk_seconds=150, questions_seconds=90)
    assert (changed.talk_seconds, changed.questions_seconds) == (150, 90)
    assert changed.version == custom.version + 1


def test_session_is_refused_without_teams_or_with_another_programmes_event(internship):
    stage = internship.stage("second")
    other_event = factories.event(organizer=internship.program.organizer)
    with pytest.raises(ProgramError):
        session_create(stage=stage, by=internship.coordinator, event=other_event)
    own_event = stage.events.get()
    session = session_create(stage=stage, by=internship.coordinator, event=own_event)
    assert session.title == own_event.title
    Team.objects.filter(program=internship.program).delete()
    with pytest.raises(ProgramError, match="нет команд|no teams"):
        session_create(stage=stage, by=internship.coordinator)
    with pytest.raises(ProgramError):
        session_create(stage=stage, by=internship.coordinator, talk_seconds=5)


# --- the state machine -------------------------------------------------------------------------


def test_next_goes_talk_questions_then_the_next_team_then_done(session):
    assert _where(session) == ("waiting", 1)
    state = session_state(session, T0)
    assert state["next_phase"] == "talk" and state["next_team"].number == 2
    session = session_start(session=session, now=T0)
    assert _where(session) == ("talk", 1)
    steps = []
    for _ in range(4):
        session = session_next(session=session, now=T0)
        steps.append(_where(session))
    assert steps == [("questions", 1), ("talk", 2), ("questions", 2), ("done", None)]
    done = session_next(session=session, now=T0)
    assert done.version == session.version  # nothing after the end
    assert session_state(done, T0)["next_phase"] is None


def test_next_before_the_start_starts_and_start_twice_changes_nothing(session):
    session = session_next(session=session, now=T0)
    assert _where(session) == ("talk", 1)
    again = session_start(session=session, now=_at(30))
    assert again.version == session.version
    assert again.phase_started_at == T0


def test_with_no_questions_the_next_team_follows_the_talk(session):
    session = session_set_regulation(session=session, talk_seconds=180, questions_seconds=0)
    session = session_start(session=session, now=T0)
    session = session_next(session=session, now=T0)
    assert _where(session) == ("talk", 2)
    session = session_next(session=session, now=T0)
    assert _where(session) == ("done", None)


def test_back_undoes_a_wrong_next_paused_with_the_full_time(session):
    session = session_start(session=session, now=T0)
    session = session_next(session=session, now=_at(100))  # questions of team 1
    session = session_next(session=session, now=_at(110))  # oops: team 2 already
    session = session_back(session=session, now=_at(112))
    assert _where(session) == ("questions", 1)
    state = session_state(session, _at(500))
    assert state["paused"] and state["remaining"] == 120
    session = session_back(session=session, now=_at(113))
    session = session_back(session=session, now=_at(114))
    assert _where(session) == ("waiting", 1)
    assert session_back(session=session).version == session.version


# --- the clock ---------------------------------------------------------------------------------


def test_remaining_time_is_right_across_pause_resume_and_added_time(session):
    session = session_start(session=session, now=T0)
    assert session_state(session, _at(50))["remaining"] == 130
    session = session_pause(session=session, now=_at(60))
    state = session_state(session, _at(500))  # the pause lasts; the time does not run
    assert (state["remaining"], state["running"], state["paused"]) == (120, False, True)
    assert session_pause(session=session, now=_at(70)).version == session.version
    session = session_resume(session=session, now=_at(600))
    assert session_state(session, _at(630))["remaining"] == 90
    session = session_add_time(session=session, seconds=30)
    state = session_state(session, _at(630))
    assert (state["remaining"], state["limit"], state["extra"]) == (120, 210, 30)
    state = session_state(session, _at(760))
    assert (state["remaining"], state["overtime"], state["expired"]) == (0, 10, True)


def test_the_next_phase_starts_with_its_own_full_length(session):
    session = session_start(session=session, now=T0)
    session = session_add_time(session=session, seconds=60)
    session = session_pause(session=session, now=_at(200))
    session = session_next(session=session, now=_at(300))
    state = session_state(session, _at(330))
    assert (state["phase"], state["remaining"], state["extra"], state["running"]) == (
        "questions", 90, 0, True,
    )  # fmt: skip


def test_time_can_be_taken_back_but_not_below_zero_length(session):
    session = session_start(session=session, now=T0)
    session = session_add_time(session=session, seconds=-30)
    assert session_state(session, T0)["remaining"] == 150
    session = session_add_time(session=session, seconds=-3600 + 1)
    assert session_state(session, T0)["limit"] == 0
    with pytest.raises(ProgramError):
        session_add_time(session=session, seconds=0)


def test_time_cannot_be_added_before_the_start(session):
    with pytest.raises(ProgramError):
        session_add_time(session=session, seconds=30)


# --- two clicks at once --------------------------------------------------------------------------


def test_two_next_clicks_on_the_same_screen_do_not_skip_a_team(session):
    session_start(session=session, now=T0)
    first_tab, second_tab = _fresh(session), _fresh(session)  # both show team 1's talk
    session_next(session=first_tab, now=_at(170))
    late = session_next(session=second_tab, now=_at(171))
    assert _where(late) == ("questions", 1)
    assert late.version == _fresh(session).version
    # The view passes what its buttons were drawn for: the same guard.
    session_next(session=_fresh(session), seen=("talk", 0), now=_at(172))
    assert _where(session) == ("questions", 1)
    session_next(session=_fresh(session), seen=("questions", 0), now=_at(173))
    assert _where(session) == ("talk", 2)


def test_two_back_clicks_go_back_once(session):
    session = session_start(session=session, now=T0)
    session = session_next(session=session, now=_at(1))
    stale = _fresh(session)
    session_back(session=session, now=_at(2))
    session_back(session=stale, now=_at(3))
    assert _where(session) == ("talk", 1)


# --- the order of teams -------------------------------------------------------------------------


@pytest.fixture
def three_teams(internship):
    Team.objects.create(program=internship.program, number=3, name="Звезда")
    return session_create(stage=internship.stage("second"), by=internship.coordinator)


def test_order_is_changed_and_bumps_the_version(three_teams, internship):
    ids = {t.number: t.pk for t in Team.objects.filter(program=internship.program)}
    session = slots_reorder(session=three_teams, team_ids=[ids[3], ids[1], ids[2]])
    assert _team_order(session) == [3, 1, 2]
    assert session.version == three_teams.version + 1
    assert session_state(_fresh(session), T0)["team"].number == 3
    with pytest.raises(ProgramError):
        slots_reorder(session=session, team_ids=[ids[3], ids[1]])
    with pytest.raises(ProgramError):
        slots_reorder(session=session, team_ids=[ids[3], ids[1], ids[1]])


def test_teams_that_presented_keep_their_places(three_teams, internship):
    ids = {t.number: t.pk for t in Team.objects.filter(program=internship.program)}
    session = session_start(session=three_teams, now=T0)
    with pytest.raises(ProgramError):
        slots_reorder(session=session, team_ids=[ids[2], ids[1], ids[3]])
    session = slots_reorder(session=session, team_ids=[ids[1], ids[3], ids[2]])
    assert _team_order(session) == [1, 3, 2]
    for seed in range(10):  # only the teams to come are shuffled
        assert _team_order(slots_shuffle(session=session, seed=seed))[0] == 1


def test_random_order_before_the_start_uses_every_team_once(three_teams):
    orders = {tuple(_team_order(slots_shuffle(session=three_teams, seed=s))) for s in range(12)}
    assert all(sorted(order) == [1, 2, 3] for order in orders)
    assert len(orders) > 1


# --- the question queue --------------------------------------------------------------------------


def test_questions_go_to_the_presenting_team_in_the_order_sent(session, internship):
    coordinator, interns = internship.coordinator, internship.interns
    with pytest.raises(ProgramError, match="не началась|not started"):
        question_ask(session=session, author=interns[4], text="Рано?")
    session = session_start(session=session, now=T0)
    question_ask(session=session, author=interns[4], text="Каковы цели события?", now=_at(10))
    question_ask(session=session, author=interns[5], text="  Какой   продукт?  ", now=_at(20))
    session = session_next(session=_fresh(session), now=_at(180))
    question_ask(session=session, author=coordinator, text="Трудности?", now=_at(190))
    session = session_next(session=_fresh(session), now=_at(300))
    question_ask(session=session, author=interns[0], text="А у вас?", now=_at(310))
    by_team = [
        (q.slot.team.number, q.text)
        for q in SessionQuestion.objects.filter(session=session).select_related("slot__team")
    ]
    assert by_team == [
        (1, "Каковы цели события?"),
        (1, "Какой продукт?"),
        (1, "Трудности?"),
        (2, "А у вас?"),
    ]
    with pytest.raises(ProgramError):
        question_ask(session=session, author=interns[0], text="   ")
    with pytest.raises(ProgramError):
        question_ask(session=session, author=interns[0], text="Я" * 1001)


def test_no_questions_after_the_end(session, internship):
    session = session_start(session=session, now=T0)
    for _ in range(4):
        session = session_next(session=session, now=T0)
    with pytest.raises(ProgramError, match="завершена|over"):
        question_ask(session=session, author=internship.interns[0], text="Ещё вопрос")


def test_a_question_is_marked_answered_and_back_each_time_bumping_the_version(session, internship):
    session = session_start(session=session, now=T0)
    question = question_ask(session=session, author=internship.interns[4], text="Цели?")
    version = _fresh(session).version
    question = question_mark_answered(question=question, now=_at(5))
    assert question.answered_at == _at(5)
    assert _fresh(session).version == version + 1
    question_mark_answered(question=question)  # a second click changes nothing
    assert _fresh(session).version == version + 1
    assert question_mark_answered(question=question, answered=False).answered_at is None


# --- the pages ---------------------------------------------------------------------------------


def test_programme_sessions_list_and_creation(internship):
    url = f"/programs/{internship.program.pk}/sessions/"
    coordinator = client_for(internship.coordinator)
    page = coordinator.get(url)
    assert page.status_code == 200
    assert "Новая защита проектов" in page.content.decode()
    second = internship.stage("second")
    response = coordinator.post(url, {"stage": second.pk, "event": "", "title": ""})
    session = LiveSession.objects.get(stage=second)
    assert response.status_code == 302
    assert response["Location"] == f"/programs/sessions/{session.pk}/control/"
    assert (session.talk_seconds, session.questions_seconds) == (180, 120)
    intern = client_for(internship.interns[0])
    html = intern.get(url).content.decode()
    assert session.title in html and "Новая защита проектов" not in html
    assert f"/programs/sessions/{session.pk}/control/" not in html
    assert intern.post(url, {"stage": second.pk}).status_code == 403
    assert client_for(internship.outsider_intern).get(url).status_code == 404


def test_creation_with_other_times_and_a_bad_value(internship):
    url = f"/programs/{internship.program.pk}/sessions/"
    coordinator = client_for(internship.coordinator)
    stage = internship.stage("final")
    coordinator.post(
        url, {"stage": stage.pk, "talk_minutes": "4.5", "questions_minutes": "0", "title": "Финал"}
    )
    session = LiveSession.objects.get(stage=stage)
    assert (session.talk_seconds, session.questions_seconds, session.title) == (270, 0, "Финал")
    bad = coordinator.post(url, {"stage": stage.pk, "talk_minutes": "-1", "title": "Плохо"})
    assert bad.status_code == 400
    assert 'value="Плохо"' in bad.content.decode()  # what was typed stays


def test_control_view_is_for_coordinators_only(session, internship):
    url = f"/programs/sessions/{session.pk}/control/"
    html = client_for(internship.coordinator).get(url).content.decode()
    assert "Начать" in html and "Радуга" in html and "Порядок выступлений" in html
    assert client_for(internship.interns[0]).get(url).status_code == 403
    assert client_for(internship.tutors[0]).get(url).status_code == 403
    assert client_for(internship.outsider_intern).get(url).status_code == 404
    missing = client_for(internship.coordinator).get("/programs/sessions/999999/control/")
    assert missing.status_code == 404


def test_control_buttons_run_the_session(session, internship):
    coordinator = client_for(internship.coordinator)
    control = f"/programs/sessions/{session.pk}/control"
    assert coordinator.post(f"{control}/start/").status_code == 302
    partial = coordinator.post(f"{control}/next/", {"at": "talk:0"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html and 'data-phase="questions"' in html
    coordinator.post(f"{control}/next/", {"at": "talk:0"})  # the late second click
    assert _where(session) == ("questions", 1)
    coordinator.post(f"{control}/pause/")
    assert _fresh(session).paused
    coordinator.post(f"{control}/resume/")
    coordinator.post(f"{control}/time/", {"seconds": "60"})
    assert (_fresh(session).paused, _fresh(session).extra_seconds) == (False, 60)
    coordinator.post(f"{control}/back/", {"at": "questions:0"})
    assert _where(session) == ("talk", 1)
    wrong = coordinator.post(f"{control}/time/", {"seconds": "x"}, headers={"HX-Request": "true"})
    assert "от 1 секунды до часа" in wrong.content.decode()
    for person in (internship.interns[0], internship.tutors[0]):
        assert client_for(person).post(f"{control}/next/").status_code == 403
    assert client_for(internship.outsider_intern).post(f"{control}/next/").status_code == 404
    assert _where(session) == ("talk", 1)


def test_order_arrows_drag_and_random_order_from_the_control_view(internship):
    Team.objects.create(program=internship.program, number=3, name="Звезда")
    session = session_create(stage=internship.stage("second"), by=internship.coordinator)
    ids = {t.number: t.pk for t in Team.objects.filter(program=internship.program)}
    coordinator = client_for(internship.coordinator)
    order = f"/programs/sessions/{session.pk}/control/order/"
    listed = [ids[1], ids[2], ids[3]]
    coordinator.post(order, {"team": listed, "move": f"{ids[3]}:up"})
    assert _team_order(session) == [1, 3, 2]
    coordinator.post(order, {"team": [ids[2], ids[1], ids[3]]})  # as dragged
    assert _team_order(session) == [2, 1, 3]
    assert client_for(internship.interns[0]).post(order, {"team": listed}).status_code == 403
    shuffle = f"/programs/sessions/{session.pk}/control/shuffle/"
    assert coordinator.post(shuffle).status_code == 302
    assert sorted(_team_order(session)) == [1, 2, 3]
    regulation = f"/programs/sessions/{session.pk}/control/regulation/"
    coordinator.post(regulation, {"talk_minutes": "2.5", "questions_minutes": "1"})
    assert (_fresh(session).talk_seconds, _fresh(session).questions_seconds) == (150, 60)


def test_control_view_query_count_does_not_grow_with_the_questions(session, internship):
    session = session_start(session=session, now=T0)
    coordinator = client_for(internship.coordinator)
    url = f"/programs/sessions/{session.pk}/control/"

    def queries() -> int:
        coordinator.get(url)  # warm the per-request caches alike
        with CaptureQueriesContext(connection) as ctx:
            assert coordinator.get(url).status_code == 200
        return len(ctx.captured_queries)

    question_ask(session=session, author=internship.interns[4], text="Вопрос 1")
    one = queries()
    for n in range(2, 7):
        question_ask(session=session, author=internship.interns[n], text=f"Вопрос {n}")
    session_next(session=_fresh(session), now=T0)
    question_ask(session=session, author=internship.interns[4], text="Вопрос команде в вопросах")
    assert queries() == one


def test_intern_sees_the_participant_view_and_sends_a_question(session, internship):
    intern = client_for(internship.interns[5])
    url = f"/programs/sessions/{session.pk}/"
    html = intern.get(url).content.decode()
    assert "Радуга" in html and "Каковы цели события?" in html  # a prompt of the seed
    ask = f"/programs/sessions/{session.pk}/ask/"
    early = intern.post(ask, {"text": "Можно?"})
    assert early.status_code == 400
    assert "Можно?" in early.content.decode()  # the text is kept with the reason
    session_start(session=session, now=T0)
    sent = intern.post(ask, {"text": "Каковы цели события?"}, headers={"HX-Request": "true"})
    assert "Вопрос отправлен: Команда 1 «Радуга»" in sent.content.decode()
    question = SessionQuestion.objects.get()
    assert (question.author, question.slot.team.number) == (internship.interns[5], 1)
    assert "Каковы цели события?" in intern.get(url).content.decode()  # «your questions»
    assert client_for(internship.tutors[1]).get(url).status_code == 200
    assert client_for(internship.coordinator).get(url).status_code == 200
    outsider = client_for(internship.outsider_intern)
    assert outsider.get(url).status_code == 404
    assert outsider.post(ask, {"text": "Чужой вопрос"}).status_code == 404
    assert SessionQuestion.objects.count() == 1


def test_coordinator_marks_a_question_answered(session, internship):
    session = session_start(session=session, now=T0)
    question = question_ask(session=session, author=internship.interns[4], text="Цели?")
    url = f"/programs/sessions/{session.pk}/questions/{question.pk}/answered/"
    assert client_for(internship.interns[4]).post(url, {"answered": "1"}).status_code == 403
    response = client_for(internship.coordinator).post(
        url, {"answered": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Вернуть" in response.content.decode()
    question.refresh_from_db()
    assert question.answered_at is not None


def test_state_is_small_json_with_the_server_time(session, internship):
    session_start(session=session)
    url = f"/programs/sessions/{session.pk}/state/"
    data = client_for(internship.interns[0]).get(url).json()
    assert set(data) == {
        "version",
        "phase",
        "running",
        "paused",
        "remaining",
        "limit",
        "server_time",
    }
    assert data["phase"] == "talk" and data["running"] is True and data["limit"] == 180
    assert 170 < data["remaining"] <= 180
    assert client_for(internship.outsider_intern).get(url).status_code == 404


def test_big_screen_opens_by_its_link_without_login_and_shows_only_names(
    session, internship, client
):
    session_start(session=session)
    response = client.get(f"/programs/screen/{session.screen_token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Команда 1 «Радуга»" in html
    assert "Интернова0 Мария" in html and "Интернова3 Мария" in html
    assert "Интернова4" not in html  # the other team
    assert "Следующая команда: Команда 2 «Солнце»" in html
    assert "@example.ru" not in html and "Ивановна" not in html
    state = client.get(f"/programs/screen/{session.screen_token}/state/").json()
    assert state["phase"] == "talk"
    assert client.get("/programs/screen/wrong-token/").status_code == 404
    assert client.get("/programs/screen/wrong-token/state/").status_code == 404


def test_final_stage_calls_the_second_phase_reflection(internship):
    session = session_create(stage=internship.stage("final"), by=internship.coordinator)
    session = session_start(session=session)
    session_next(session=session)
    html = client_for(internship.coordinator).get(f"/programs/sessions/{session.pk}/control/")
    assert "Рефлексия" in html.content.decode()
