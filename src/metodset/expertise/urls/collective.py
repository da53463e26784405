"""The collective product of a campaign: its page, title page, parts, versions."""

from django.urls import URLPattern, path

from ..views import collective as views

urlpatterns: list[URLPattern] = [
    path(
        "campaigns/<int:campaign_id>/collective/new/",
        views.collective_create,
        name="collective_create",
    ),
    path("collective/<int:pk>/", views.collective_detail, name="collective_detail"),
    path("collective/<int:pk>/edit/", views.collective_edit, name="collective_edit"),
    path("collective/<int:pk>/refresh/", views.collective_refresh, name="collective_refresh"),
    path(
        "collective/<int:product_id>/parts/<int:part_id>/move/",
        views.collective_move,
        name="collective_move",
    ),
    path("collective/<int:pk>/compile/", views.collective_compile, name="collective_compile"),
    path("collective/<int:pk>/publish/", views.collective_publish, name="collective_publish"),
    path(
        "collective/versions/<int:pk>/pdf/",
        views.collective_version_file,
        name="collective_version_file",
    ),
]
