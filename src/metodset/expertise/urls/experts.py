"""The expert community and an expert's profile."""

from django.urls import URLPattern, path

from ..views import experts as views

urlpatterns: list[URLPattern] = [
    path("experts/", views.experts, name="experts"),
    path("experts/me/", views.expert_profile, name="expert_profile"),
]
