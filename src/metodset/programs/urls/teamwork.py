"""The team workspace, submissions and their review, the tutor's list of teams."""

from django.urls import path

from ..views import submissions, teamwork, tutor_teams

urlpatterns = [
    path("<int:program_id>/my-teams/", tutor_teams.my_teams, name="my_teams"),
    path("teams/<int:team_id>/", teamwork.workspace, name="team"),
    path("teams/<int:team_id>/messages/", teamwork.message_post, name="team_message_post"),
    path(
        "teams/<int:team_id>/messages/<int:message_id>/resolve/",
        teamwork.message_resolve,
        name="team_message_resolve",
    ),
    path(
        "teams/<int:team_id>/messages/<int:message_id>/file/",
        teamwork.message_file,
        name="team_message_file",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/",
        submissions.team_submission,
        name="team_submission",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/save/",
        submissions.team_submission_save,
        name="team_submission_save",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/submit/",
        submissions.team_submission_submit,
        name="team_submission_submit",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/return/",
        submissions.team_submission_return,
        name="team_submission_return",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/accept/",
        submissions.team_submission_accept,
        name="team_submission_accept",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/interns/<int:user_id>/",
        submissions.intern_submission,
        name="intern_submission",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/interns/<int:user_id>/return/",
        submissions.intern_submission_return,
        name="intern_submission_return",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/interns/<int:user_id>/accept/",
        submissions.intern_submission_accept,
        name="intern_submission_accept",
    ),
    path("assignments/<int:assignment_id>/mine/", submissions.my_submission, name="my_submission"),
    path(
        "assignments/<int:assignment_id>/mine/save/",
        submissions.my_submission_save,
        name="my_submission_save",
    ),
    path(
        "assignments/<int:assignment_id>/mine/submit/",
        submissions.my_submission_submit,
        name="my_submission_submit",
    ),
    path("versions/<int:version_id>/file/", teamwork.version_file, name="version_file"),
]
