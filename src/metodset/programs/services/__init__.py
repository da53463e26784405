"""Writes of the programmes capability, by theme; import them from here.

``programs`` — creating a programme from a scheme, its stages and status;
``recruitment`` — applications and their decisions; ``teams`` — formation and tutors;
``teamwork`` — the team thread, submissions, versions and reviews; ``sessions`` — live
presentation sessions; ``completion`` — who completed the programme and why not.
"""

from .errors import ProgramError
from .programs import (
    plan_step_done,
    plan_step_undo,
    program_create_from_scheme,
    program_finish,
    program_publish,
    program_start,
    program_update,
    reflection_send,
    stage_update,
)
from .recruitment import application_submit, applications_decide
from .sessions import (
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
from .teams import member_move, team_add, team_update, teams_form, tutor_add, tutors_assign
from .teamwork import (
    assignment_reminders_send_due,
    message_post,
    message_resolve,
    submission_accept,
    submission_for,
    submission_return,
    submission_save,
    submission_submit,
    video_url_check,
)

__all__ = [
    "ProgramError",
    "assignment_reminders_send_due",
    "message_post",
    "message_resolve",
    "submission_accept",
    "submission_for",
    "submission_return",
    "submission_save",
    "submission_submit",
    "video_url_check",
    "member_move",
    "team_add",
    "team_update",
    "teams_form",
    "tutor_add",
    "tutors_assign",
    "application_submit",
    "applications_decide",
    "plan_step_done",
    "plan_step_undo",
    "program_create_from_scheme",
    "question_ask",
    "question_mark_answered",
    "session_add_time",
    "session_back",
    "session_create",
    "session_next",
    "session_pause",
    "session_resume",
    "session_set_regulation",
    "session_start",
    "session_state",
    "slots_reorder",
    "slots_shuffle",
    "program_finish",
    "program_publish",
    "program_start",
    "program_update",
    "reflection_send",
    "stage_update",
]
