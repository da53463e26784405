"""The team workspace, submissions and their review, the tutor's list of teams."""

from django.urls import path

from .views import teamwork

urlpatterns = [
    path("<int:program_id>/my-teams/", teamwork.my_teams, name="my_teams"),
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
        teamwork.team_submission,
        name="team_submission",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/interns/<int:user_id>/",
        teamwork.intern_submission,
        name="intern_submission",
    ),
    path("assignments/<int:assignment_id>/mine/", teamwork.my_submission, name="my_submission"),
    path("versions/<int:version_id>/file/", teamwork.version_file, name="version_file"),
]
