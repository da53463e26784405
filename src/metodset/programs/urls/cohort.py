"""The cohort's shared space: the feed, shared videos, the audience's questionnaire, the
coordinators' feedback and products put into the final case."""

from django.urls import path

from ..views import cohort

urlpatterns = [
    path("<int:program_id>/cohort/", cohort.cohort_feed, name="cohort"),
    path("<int:program_id>/cohort/post/", cohort.cohort_post, name="cohort_post"),
    path(
        "<int:program_id>/cohort/<int:post_id>/delete/",
        cohort.cohort_post_delete,
        name="cohort_post_delete",
    ),
    path(
        "<int:program_id>/cohort/<int:post_id>/file/",
        cohort.cohort_post_file,
        name="cohort_post_file",
    ),
    path("<int:program_id>/feedback/", cohort.feedback, name="feedback"),
    path("<int:program_id>/feedback/new/", cohort.feedback_add, name="feedback_add"),
    path("teams/<int:team_id>/audience/", cohort.team_audience, name="team_audience"),
    path(
        "teams/<int:team_id>/audience/new/",
        cohort.team_audience_create,
        name="team_audience_create",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/share/",
        cohort.team_video_share,
        name="team_video_share",
    ),
    path(
        "teams/<int:team_id>/assignments/<int:assignment_id>/to-case/",
        cohort.team_submission_to_case,
        name="team_submission_to_case",
    ),
]
