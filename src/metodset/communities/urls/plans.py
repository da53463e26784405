"""URLs of the plans pages (included by urls/__init__.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
