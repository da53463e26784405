"""The programmes' URLs: the programme pages here, live sessions and the team's work in
their own lists (``sessions``, ``teamwork``), all under the one ``programs`` namespace."""

from django.urls import path

from ..views import files, pages, plan, running, teams
from . import cohort, sessions, teamwork

app_name = "programs"
urlpatterns = [
    path("", pages.program_list, name="list"),
    path("new/", pages.program_create, name="create"),
    path("<int:program_id>/", pages.program_detail, name="detail"),
    path("<int:program_id>/edit/", pages.program_edit, name="edit"),
    path("<int:program_id>/stages/<int:stage_id>/", pages.stage_edit, name="stage_edit"),
    path("<int:program_id>/stages/new/", pages.stage_add, name="stage_add"),
    path(
        "<int:program_id>/modules/<int:stage_id>/choose/", pages.module_choose, name="module_choose"
    ),
    path(
        "<int:program_id>/stages/<int:stage_id>/up/",
        pages.stage_move,
        {"direction": "up"},
        name="stage_up",
    ),
    path(
        "<int:program_id>/stages/<int:stage_id>/down/",
        pages.stage_move,
        {"direction": "down"},
        name="stage_down",
    ),
    path("<int:program_id>/stages/<int:stage_id>/delete/", pages.stage_delete, name="stage_delete"),
    path(
        "<int:program_id>/stages/<int:stage_id>/assignments/new/",
        pages.assignment_add,
        name="assignment_add",
    ),
    path(
        "<int:program_id>/stages/<int:stage_id>/events/new/",
        pages.stage_event_add,
        name="stage_event_add",
    ),
    path(
        "<int:program_id>/assignments/<int:assignment_id>/edit/",
        pages.assignment_edit,
        name="assignment_edit",
    ),
    path(
        "<int:program_id>/assignments/<int:assignment_id>/delete/",
        pages.assignment_delete,
        name="assignment_delete",
    ),
    path("<int:program_id>/coordinators/new/", pages.coordinator_add, name="coordinator_add"),
    path("<int:program_id>/publish/", pages.program_publish, name="publish"),
    path("<int:program_id>/start/", pages.program_start, name="start"),
    path("<int:program_id>/finish/", pages.program_finish, name="finish"),
    path("<int:program_id>/reflection/send/", pages.reflection_send, name="reflection_send"),
    path("<int:program_id>/join/", pages.invitation, name="invitation"),
    path("<int:program_id>/join/sent/", pages.applied, name="applied"),
    path("<int:program_id>/applications/", pages.application_list, name="applications"),
    path("<int:program_id>/teams/", teams.teams, name="teams"),
    path("<int:program_id>/teams/form/", teams.teams_form, name="teams_form"),
    path("<int:program_id>/teams/tutors/", teams.tutors_assign, name="tutors_assign"),
    path("<int:program_id>/teams/new/", teams.team_add, name="team_add"),
    path("<int:program_id>/tutors/new/", teams.tutor_add, name="tutor_add"),
    path("<int:program_id>/teams/<int:team_id>/edit/", teams.team_edit, name="team_edit"),
    path("<int:program_id>/interns/<int:member_id>/move/", teams.member_move, name="member_move"),
    path("<int:program_id>/case/", running.final_case, name="final_case"),
    path("<int:program_id>/case/shown/", running.final_case_show, name="final_case_show"),
    path("<int:program_id>/case/remove/", running.final_case_remove, name="final_case_remove"),
    path("<int:program_id>/completion/", running.completion, name="completion"),
    path("<int:program_id>/dashboard/", running.dashboard, name="dashboard"),
    path("<int:program_id>/plan/", plan.plan, name="plan"),
    path("<int:program_id>/plan/done/", plan.plan_step_done, name="plan_step_done"),
    path("<int:program_id>/plan/undo/", plan.plan_step_undo, name="plan_step_undo"),
    path("<int:program_id>/plan/calendar/", plan.calendar_entry_add, name="calendar_entry_add"),
    path(
        "<int:program_id>/plan/calendar/delete/",
        plan.calendar_entry_delete,
        name="calendar_entry_delete",
    ),
    path(
        "<int:program_id>/plan/evidence/<int:progress_id>/",
        files.plan_evidence,
        name="plan_evidence",
    ),
    path("<int:program_id>/case/<int:material_id>/file/", files.case_file, name="case_file"),
    *cohort.urlpatterns,
    *sessions.urlpatterns,
    *teamwork.urlpatterns,
]
