"""Own data: see it, download it, ask to delete it; a coordinator completes the request."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from metodset.accounts import services
from metodset.accounts.models import AuditEntry, Membership

from .. import factories
from ..conftest import client_for


@pytest.mark.parametrize(
    "url", ["/profile/data/", "/profile/data/download/", "/profile/data/delete/"]
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_my_data_page_lists_what_we_store(world):
    response = client_for(world.teacher).get("/profile/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Мои персональные данные" in html
    assert "teacher@example.ru" in html
    assert "МБОУ «СОШ № 161» — педагог" in html
    assert "Скачать мои данные (JSON)" in html
    assert "Запросить удаление данных" in html


def test_download_is_a_utf8_json_attachment_with_own_memberships_and_nobody_else(world):
    services.person_update(person=world.colleague, by=world.methodist, position="физрук")
    response = client_for(world.teacher).get("/profile/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="metodset-my-data.json"'
    body = response.content.decode("utf-8")
    assert "Петрова" in body  # not \u-escaped
    data = json.loads(body)
    assert data["profile"]["email"] == "teacher@example.ru"
    assert [(m["role"], m["organization"]["short_name"]) for m in data["memberships"]] == [
        ("teacher", "МБОУ «СОШ № 161»")
    ]
    for other in (world.colleague, world.methodist, world.coordinator, world.kg_teacher):
        assert other.email not in body
        assert other.last_name not in body
    assert "физрук" not in body


def test_asking_for_deletion_takes_a_confirmation_and_then_is_recorded(world):
    client = client_for(world.teacher)
    page = client.get("/profile/data/delete/").content.decode()
    assert "Да, удалить мои данные" in page
    world.teacher.refresh_from_db()
    assert world.teacher.deletion_requested_at is None  # GET changes nothing

    response = client.post("/profile/data/delete/", follow=True)
    html = response.content.decode()
    assert "Координатор сети выполнит его" in html
    world.teacher.refresh_from_db()
    assert world.teacher.deletion_requested_at is not None
    assert AuditEntry.objects.filter(action="deletion_requested").count() == 1
    assert "Запросить удаление данных" not in html


# --- coordinators' list -----------------------------------------------------------------------


def test_deletion_requests_list_is_for_those_who_handle_them(world, client):
    assert client.get("/deletion-requests/").status_code == 302
    for person in (world.teacher, world.methodist, world.manager, world.council):
        assert client_for(person).get("/deletion-requests/").status_code == 403
    assert client_for(world.coordinator).get("/deletion-requests/").status_code == 200
    assert client_for(world.superuser).get("/deletion-requests/").status_code == 200


def test_coordinator_sees_requests_of_their_network_only(world):
    services.person_request_deletion(person=world.teacher)
    services.person_request_deletion(person=world.outsider)
    html = client_for(world.coordinator).get("/deletion-requests/").content.decode()
    assert "Петрова Елена Викторовна" in html
    assert "outsider@example.ru" not in html
    assert "МБОУ «СОШ № 161» — педагог" in html
    assert "Удалить данные" in html

    html = client_for(world.superuser).get("/deletion-requests/").content.decode()
    assert "outsider@example.ru" in html


def test_completing_a_request_outside_the_network_is_refused(world):
    services.person_request_deletion(person=world.outsider)
    response = client_for(world.coordinator).post(
        f"/deletion-requests/{world.outsider.pk}/complete/"
    )
    assert response.status_code == 403
    world.outsider.refresh_from_db()
    assert world.outsider.is_active


def test_completing_needs_a_request_a_post_and_the_role(world):
    coordinator = client_for(world.coordinator)
    url = f"/deletion-requests/{world.teacher.pk}/complete/"
    assert coordinator.post(url).status_code == 404  # no request made
    services.person_request_deletion(person=world.teacher)
    assert coordinator.get(url).status_code == 405
    assert client_for(world.methodist).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.is_active


def test_deletion_end_to_end(world, client):
    teacher = client_for(world.teacher)
    teacher.post("/profile/data/delete/")

    response = client_for(world.coordinator).post(
        f"/deletion-requests/{world.teacher.pk}/complete/", follow=True
    )
    html = response.content.decode()
    assert "Данные пользователя Петрова Елена Викторовна удалены." in html
    assert "Открытых запросов нет." in html

    # the person is logged out and cannot log in again
    assert teacher.get("/").status_code == 302
    assert not client.login(username="teacher@example.ru", password=factories.PASSWORD)
    response = client.post(
        "/login/", {"username": "teacher@example.ru", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "Неверная электронная почта или пароль" in response.content.decode()

    # the name is gone, from the record and from the school's members
    world.teacher.refresh_from_db()
    assert world.teacher.get_full_name() == "Удалённый пользователь"
    assert not Membership.objects.filter(user=world.teacher).exists()
    assert not AuditEntry.objects.filter(target_repr__contains="Петрова").exists()

    # the audit log says that the data was deleted and by whom
    entry = AuditEntry.objects.get(action="deleted")
    assert entry.actor == world.coordinator
    assert entry.target_id == str(world.teacher.pk)
    html = client_for(world.coordinator).get("/audit/").content.decode()
    assert "Удаление персональных данных" in html


def test_deletion_requests_query_count_does_not_grow(world):
    coordinator = client_for(world.coordinator)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = coordinator.get("/deletion-requests/")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode().count(
            'data-testid="deletion-request"'
        )

    services.person_request_deletion(person=world.teacher)
    few, shown = count_queries()
    assert shown == 1
    for _ in range(5):
        person = factories.person(organization_=world.kindergarten)
        Membership.objects.create(user=person, organization=world.school, role="expert")
        services.person_request_deletion(person=person)
    many, shown = count_queries()
    assert shown == 6
    assert many == few


def test_coordinator_sees_and_completes_deletion_request_of_a_council_member(world):
    """A council member belongs to the network, not to a partner organisation."""
    from metodset.accounts.services import person_request_deletion

    person_request_deletion(person=world.council)
    client = client_for(world.coordinator)
    page = client.get("/deletion-requests/")
    assert world.council.get_full_name() in page.content.decode()
    outsider_view = client_for(world.outsider).get("/deletion-requests/")
    assert outsider_view.status_code == 403
