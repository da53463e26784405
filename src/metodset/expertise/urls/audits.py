"""The methodical audit's result for an organisation."""

from django.urls import URLPattern, path

from ..views import audits as views

urlpatterns: list[URLPattern] = [
    path(
        "organizations/<int:organization_id>/audit/",
        views.organization_audit,
        name="organization_audit",
    ),
]
