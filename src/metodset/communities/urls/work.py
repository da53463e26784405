"""URLs of a community's work: its analysis, learning plan and meetings (included by
urls/__init__.py under the ``communities`` namespace)."""

from django.urls import URLPattern, path

from ..views import work as views

urlpatterns: list[URLPattern] = [
    path("<int:community_id>/analysis/", views.analysis, name="analysis"),
    path("<int:community_id>/analysis/new/", views.analysis_add, name="analysis_add"),
    path("analysis/<int:link_id>/edit/", views.analysis_edit, name="analysis_edit"),
    path("analysis/<int:link_id>/delete/", views.analysis_delete, name="analysis_delete"),
    path("<int:community_id>/learning/", views.learning, name="learning"),
    path("<int:community_id>/learning/new/", views.learning_add, name="learning_add"),
    path("learning/<int:item_id>/edit/", views.learning_edit, name="learning_edit"),
    path("learning/<int:item_id>/delete/", views.learning_delete, name="learning_delete"),
    path("learning/<int:item_id>/to-route/", views.learning_to_route, name="learning_to_route"),
    path("<int:community_id>/meetings/", views.meetings, name="meetings"),
    path("<int:community_id>/meetings/new/", views.meetings_schedule, name="meetings_schedule"),
    path("<int:community_id>/meetings/sync/", views.meetings_sync, name="meetings_sync"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<int:meeting_id>/materials/new/",
        views.meeting_material_add,
        name="meeting_material_add",
    ),
]
