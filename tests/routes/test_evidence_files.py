"""A step's evidence file goes out only through the routes' views (page and API), to those
who may see the route; nothing under /media/ is served by address."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from metodset.accounts.tokens import token_create
from metodset.routes import selectors, services

from ..conftest import client_for
from .conftest import SCHOOL_YEAR, TODAY

PDF_BYTES = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
NAME = "Отчёт о семинаре.pdf"
SAVED_AS = "Отчёт_о_семинаре.pdf"  # the storage's safe name: what the browser saves it as


@pytest.fixture
def step(teacher_with_deficits, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"
    route = services.route_draft_for(user=teacher_with_deficits, year=SCHOOL_YEAR, today=TODAY)
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    step = selectors.steps_of(route).first()
    services.step_mark_done(
        step=step, evidence_file=SimpleUploadedFile(NAME, PDF_BYTES), reflection="Полезно"
    )
    step.refresh_from_db()
    return step


def _url(step) -> str:
    return f"/routes/steps/{step.pk}/evidence/"


def test_owner_and_methodist_get_the_file_with_its_russian_name(step, world):
    for person in (world.teacher, world.methodist, world.manager, world.superuser):
        response = client_for(person).get(_url(step))
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(SAVED_AS)}"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_route_page_links_to_the_view_not_to_media(step, world):
    page = client_for(world.teacher).get(f"/routes/{step.route_id}/")
    assert f'href="{_url(step)}" data-testid="step-evidence"' in page.text
    assert "/media/" not in page.text


def test_others_get_404_and_anonymous_the_login_page(step, world, client):
    # A colleague of the same school, a teacher and the head of other organisations, and the
    # network's coordinator without the permission to see people by name.
    for person in (world.colleague, world.kg_teacher, world.outsider, world.coordinator):
        assert client_for(person).get(_url(step)).status_code == 404, person
    response = client.get(_url(step))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_network_staff_with_the_permission_get_the_file(step, world):
    world.coordinator.user_permissions.add(
        Permission.objects.get(codename="view_named_results", content_type__app_label="diagnostics")
    )
    assert client_for(world.coordinator).get(_url(step)).status_code == 200


def test_a_step_without_a_file_is_404(step, world):
    step.evidence_file.delete()
    assert client_for(world.teacher).get(_url(step)).status_code == 404


def test_media_itself_is_not_served(step, world):
    assert client_for(world.teacher).get(f"/media/{step.evidence_file.name}").status_code == 404


def test_x_accel_redirect_hands_the_file_to_nginx(step, world, settings):
    settings.FILE_SERVING = "x-accel-redirect"
    settings.FILE_ACCEL_PREFIX = "/protected/"
    response = client_for(world.methodist).get(_url(step))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/" + quote(step.evidence_file.name)
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(SAVED_AS)}"
    assert "X-Sendfile" not in response
    assert client_for(world.colleague).get(_url(step)).status_code == 404


def test_x_sendfile_gives_the_path_to_apache(step, world, settings):
    settings.FILE_SERVING = "x-sendfile"
    response = client_for(world.teacher).get(_url(step))
    assert response.status_code == 200 and response.content == b""
    # WSGI headers are latin-1: the path's UTF-8 bytes go out as they are, which Apache reads.
    assert response["X-Sendfile"].encode("latin-1") == step.evidence_file.path.encode()


def test_the_api_links_to_its_own_download_for_token_holders(step, world, client, settings):
    _token, secret = token_create(user=world.teacher, name="Интеграция")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    detail = client.get(f"/api/routes/{step.route_id}", **auth).json()
    urls = [s["evidence_file_url"] for s in detail["steps"] if s["evidence_file_url"]]
    assert urls == [f"{settings.SITE_URL}/api/routes/steps/{step.pk}/evidence"]
    response = client.get(f"/api/routes/steps/{step.pk}/evidence", **auth)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    _token, other = token_create(user=world.kg_teacher, name="Чужой")
    refused = client.get(
        f"/api/routes/steps/{step.pk}/evidence", HTTP_AUTHORIZATION=f"Bearer {other}"
    )
    assert refused.status_code == 404
    assert client.get(f"/api/routes/steps/{step.pk}/evidence").status_code == 401
