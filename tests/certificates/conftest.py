"""Certificates' shared fixtures: an issuer (the school) with a signatory, and its templates."""

from __future__ import annotations

import pytest

from metodset.certificates import services
from metodset.certificates.models import CertificateTemplate, Issuer, Signatory

from ..programs.conftest import finish_in_the_past


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Issued PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def issuer(world) -> Issuer:
    issuer = services.issuer_for(organization=world.school)
    Signatory.objects.create(issuer=issuer, full_name="И. П. Смирнова", position="Директор")
    return issuer


def template_of(issuer: Issuer, kind: str) -> CertificateTemplate:
    return issuer.templates.get(kind=kind)


@pytest.fixture
def internship(internship):
    """The shared internship, over: certificates wait for a programme's last event to end."""
    finish_in_the_past(internship.program)
    return internship
