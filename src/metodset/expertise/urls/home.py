"""The expertise section's front page."""

from django.urls import URLPattern, path

from ..views import home as views

urlpatterns: list[URLPattern] = [path("", views.home, name="home")]
