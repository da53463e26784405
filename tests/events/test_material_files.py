"""An event's material files go out through the events' view (page and API), to whoever may
see the event; never by a /media/ address."""

import pytest
from django.core.files.base import ContentFile

from metodset.accounts.tokens import token_create
from metodset.events.models import Event, EventMaterial

from .. import factories
from ..conftest import client_for

PDF_BYTES = b"%PDF-1.4 slides"


@pytest.fixture
def material(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"
    event = factories.event(organizer=world.school, visibility=Event.Visibility.ORGANIZATION)
    material = EventMaterial(event=event, title="Слайды")
    material.file.save("slides.pdf", ContentFile(PDF_BYTES))
    return material


def _url(material) -> str:
    return f"/events/{material.event_id}/materials/{material.pk}/file/"


def test_the_event_page_links_to_the_view_and_members_get_the_file(material, world):
    teacher = client_for(world.teacher)
    page = teacher.get(f"/events/{material.event_id}/")
    assert f'href="{_url(material)}"' in page.text and "/media/" not in page.text
    response = teacher.get(_url(material))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"


def test_who_may_not_see_the_event_gets_404(material, world, client):
    assert client_for(world.kg_teacher).get(_url(material)).status_code == 404
    assert client.get(_url(material)).status_code == 404  # anonymous: the event is not public
    other = EventMaterial.objects.create(event=factories.event(), title="Чужое", url="https://x.ru")
    path = f"/events/{material.event_id}/materials/{other.pk}/file/"
    assert client_for(world.teacher).get(path).status_code == 404
    assert client_for(world.teacher).get(f"/media/{material.file.name}").status_code == 404


def test_a_public_events_file_is_as_public_as_its_page(material, client):
    Event.objects.filter(pk=material.event_id).update(visibility=Event.Visibility.PUBLIC)
    assert client.get(_url(material)).status_code == 200


def test_the_api_gives_its_own_download_to_token_holders(material, world, client, settings):
    _token, secret = token_create(user=world.teacher, name="Интеграция")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    api_url = f"/api/events/{material.event_id}/materials/{material.pk}/file"
    detail = client.get(f"/api/events/{material.event_id}", **auth).json()
    assert detail["materials"] == [{"title": "Слайды", "url": settings.SITE_URL + api_url}]
    response = client.get(api_url, **auth)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    _token, other = token_create(user=world.kg_teacher, name="Чужой")
    assert client.get(api_url, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404
