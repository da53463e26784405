"""Fixtures of the questionnaire tests: media in a temporary folder, the registries in place."""

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _registries():
    """Other tests may clear the week's sections; put ours back as the app does at start."""
    apps.get_app_config("surveys").ready()
