"""URLs of the observation pages (included by urls/__init__.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
