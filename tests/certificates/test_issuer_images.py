"""The issuer's logo and facsimiles go out through the certificates' views, to those who
manage the issuer; never by a /media/ address."""

import io

import pytest
from django.core.files.base import ContentFile

from ..conftest import client_for


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def images(issuer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"
    issuer.logo.save("logo.png", ContentFile(_png()))
    signatory = issuer.signatories.get()
    signatory.facsimile.save("facsimile.png", ContentFile(_png()))
    return issuer, signatory


def test_the_issuer_page_shows_them_through_the_views(images, world):
    issuer, signatory = images
    logo = f"/certificates/issuer/{world.school.pk}/logo/"
    facsimile = f"/certificates/issuer/{world.school.pk}/signatories/{signatory.pk}/facsimile/"
    client = client_for(world.methodist)
    page = client.get(f"/certificates/issuer/{world.school.pk}/").text
    assert f'src="{logo}"' in page and f'src="{facsimile}"' in page and "/media/" not in page
    for url in (logo, facsimile):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == _png()


def test_others_get_404_and_anonymous_the_login(images, world, client):
    _issuer, signatory = images
    urls = (
        f"/certificates/issuer/{world.school.pk}/logo/",
        f"/certificates/issuer/{world.school.pk}/signatories/{signatory.pk}/facsimile/",
        # the signatory through another organisation the asker manages
        f"/certificates/issuer/{world.outside_org.pk}/signatories/{signatory.pk}/facsimile/",
    )
    for url in urls:
        assert client_for(world.teacher).get(url).status_code == 404
        assert client_for(world.outsider).get(url).status_code == 404
        assert client.get(url)["Location"].startswith("/login/")
