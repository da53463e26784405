"""Live presentation sessions: the coordinator's control view, the participant's phone view,
the big screen opened by its secret link, and the small state they poll."""

from django.urls import path

from ..views import sessions

urlpatterns = [
    path("<int:program_id>/sessions/", sessions.session_list, name="sessions"),
    path("sessions/<int:session_id>/", sessions.session_participant, name="session"),
    path("sessions/<int:session_id>/ask/", sessions.session_ask, name="session_ask"),
    path("sessions/<int:session_id>/state/", sessions.session_state_json, name="session_state"),
    path("sessions/<int:session_id>/control/", sessions.session_control, name="session_control"),
    path(
        "sessions/<int:session_id>/control/start/",
        sessions.session_start_view,
        name="session_start",
    ),
    path(
        "sessions/<int:session_id>/control/pause/",
        sessions.session_pause_view,
        name="session_pause",
    ),
    path(
        "sessions/<int:session_id>/control/resume/",
        sessions.session_resume_view,
        name="session_resume",
    ),
    path(
        "sessions/<int:session_id>/control/next/",
        sessions.session_next_view,
        name="session_next",
    ),
    path(
        "sessions/<int:session_id>/control/back/",
        sessions.session_back_view,
        name="session_back",
    ),
    path(
        "sessions/<int:session_id>/control/time/",
        sessions.session_add_time_view,
        name="session_add_time",
    ),
    path("sessions/<int:session_id>/control/order/", sessions.session_order, name="session_order"),
    path(
        "sessions/<int:session_id>/control/shuffle/",
        sessions.session_shuffle,
        name="session_shuffle",
    ),
    path(
        "sessions/<int:session_id>/control/regulation/",
        sessions.session_regulation,
        name="session_regulation",
    ),
    path(
        "sessions/<int:session_id>/questions/<int:question_id>/answered/",
        sessions.question_answered,
        name="session_question_answered",
    ),
    path("screen/<str:token>/", sessions.session_screen, name="session_screen"),
    path("screen/<str:token>/state/", sessions.session_screen_state, name="session_screen_state"),
]
