"""The contests pages of expertise."""

from django.urls import URLPattern, path

from ..views import contests

urlpatterns: list[URLPattern] = [
    path("contests/", contests.contests, name="contests"),
    path("contests/new/", contests.contest_create, name="contest_create"),
    path("contests/<int:contest_id>/", contests.contest_detail, name="contest_detail"),
    path("contests/<int:contest_id>/edit/", contests.contest_edit, name="contest_edit"),
    path("contests/<int:contest_id>/enter/", contests.contest_enter, name="contest_enter"),
    path("contests/<int:contest_id>/entries/", contests.contest_entries, name="contest_entries"),
    path("contests/<int:contest_id>/results/", contests.contest_results, name="contest_results"),
    path("contests/<int:contest_id>/publish/", contests.contest_publish, name="contest_publish"),
    path("contests/<int:contest_id>/diplomas/", contests.contest_diplomas, name="contest_diplomas"),
]
