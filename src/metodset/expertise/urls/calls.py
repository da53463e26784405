"""Calls for works and handing a work in."""

from django.urls import URLPattern, path

from ..views import calls as views

urlpatterns: list[URLPattern] = [
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/enter/", views.item_enter, name="item_enter"),
    path("calls/<int:pk>/draft/", views.item_draft_create, name="item_draft_create"),
]
