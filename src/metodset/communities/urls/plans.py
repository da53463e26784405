"""URLs of plans pages (included by urls/__init__.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
