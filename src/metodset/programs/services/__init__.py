"""Writes of the programmes capability, by theme; import them from here.

``programs`` — creating a programme from a scheme, its stages and status;
``recruitment`` — applications and their decisions; ``teams`` — formation and tutors;
``teamwork`` — the team thread, submissions, versions and reviews; ``sessions`` — live
presentation sessions; ``completion`` — who completed the programme and why not.
"""

from .errors import ProgramError
from .programs import (
    program_create_from_scheme,
    program_finish,
    program_publish,
    program_start,
    program_update,
    reflection_send,
    stage_update,
)
from .recruitment import application_submit, applications_decide
from .teams import member_move, team_add, team_update, teams_form, tutor_add, tutors_assign

__all__ = [
    "ProgramError",
    "member_move",
    "team_add",
    "team_update",
    "teams_form",
    "tutor_add",
    "tutors_assign",
    "application_submit",
    "applications_decide",
    "program_create_from_scheme",
    "program_finish",
    "program_publish",
    "program_start",
    "program_update",
    "reflection_send",
    "stage_update",
]
