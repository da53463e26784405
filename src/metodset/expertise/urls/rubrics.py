"""The rubric editor: the network's rubrics and templates, a rubric, its copy and its editor."""

from django.urls import URLPattern, path

from ..views import rubrics as views

urlpatterns: list[URLPattern] = [
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/copy/", views.rubric_copy, name="rubric_copy"),
    path("rubrics/<int:pk>/edit/", views.rubric_edit, name="rubric_edit"),
]
