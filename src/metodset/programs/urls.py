from django.urls import include, path

from .views import files, pages, running

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
    path("<int:program_id>/stages/<int:stage_id>/do/", pages.stage_action, name="stage_action"),
    path(
        "<int:program_id>/assignments/<int:assignment_id>/edit/",
        pages.assignment_edit,
        name="assignment_edit",
    ),
    path("<int:program_id>/status/", pages.program_status, name="status"),
    path("<int:program_id>/join/", pages.invitation, name="invitation"),
    path("<int:program_id>/join/sent/", pages.applied, name="applied"),
    path("<int:program_id>/applications/", pages.application_list, name="applications"),
    path("<int:program_id>/teams/", running.teams, name="teams"),
    path("<int:program_id>/teams/<int:team_id>/edit/", running.team_edit, name="team_edit"),
    path("<int:program_id>/interns/<int:member_id>/move/", running.member_move, name="member_move"),
    path("<int:program_id>/case/", running.final_case, name="final_case"),
    path("<int:program_id>/completion/", running.completion, name="completion"),
    path("<int:program_id>/dashboard/", running.dashboard, name="dashboard"),
    path("<int:program_id>/plan/", running.plan, name="plan"),
    path(
        "<int:program_id>/plan/evidence/<int:progress_id>/",
        files.plan_evidence,
        name="plan_evidence",
    ),
    path("<int:program_id>/case/<int:material_id>/file/", files.case_file, name="case_file"),
    # Live presentation sessions and the team workspace live in their own modules.
    path("", include("metodset.programs.urls_sessions")),
    path("", include("metodset.programs.urls_teamwork")),
]
