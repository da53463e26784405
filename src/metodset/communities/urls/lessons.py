"""URLs of the lesson-study cycles: planning, map versions, case children, predictions, guests,
rounds and the correction (included by urls/__init__.py)."""

from django.urls import URLPattern, path

from ..views import lessons as views

urlpatterns: list[URLPattern] = [
    path("<int:community_id>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", views.cycle, name="cycle"),
    path("cycles/<int:cycle_id>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:cycle_id>/map/", views.map_view, name="map"),
    path("cycles/<int:cycle_id>/map/edit/", views.map_edit, name="map_edit"),
    path("cycles/<int:cycle_id>/versions/", views.versions, name="versions"),
    path("stages/<int:stage_id>/comment/", views.stage_comment, name="stage_comment"),
    path("cycles/<int:cycle_id>/children/", views.case_children, name="case_children"),
    path("cycles/<int:cycle_id>/children/add/", views.case_child_add, name="case_child_add"),
    path("children/<int:child_id>/edit/", views.case_child_edit, name="case_child_edit"),
    path("children/<int:child_id>/remove/", views.case_child_remove, name="case_child_remove"),
    path("cycles/<int:cycle_id>/predictions/", views.predictions, name="predictions"),
    path("cycles/<int:cycle_id>/guests/", views.guests, name="guests"),
    path("guests/<int:guest_id>/remove/", views.guest_remove, name="guest_remove"),
    path("cycles/<int:cycle_id>/schedule/", views.lesson_schedule, name="lesson_schedule"),
    path("lessons/<int:lesson_id>/start/", views.lesson_start, name="lesson_start"),
    path("lessons/<int:lesson_id>/correct/", views.correct, name="correct"),
]
