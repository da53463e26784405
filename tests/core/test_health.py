"""/healthz: "ok"/"fail" for everyone, the database and queue details for staff or a token."""

import pytest
from django.db import connection

from .. import factories
from ..conftest import client_for

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTHZ_TOKEN = "monitoring-secret"


def _assert_details(data):
    assert data["status"] == "ok"
    assert data["database"] == {"ok": True, "vendor": connection.vendor}
    assert data["tasks"]["backend"] == "DatabaseBackend"
    assert data["tasks"]["ready"] == 0 and data["tasks"]["failed"] == 0


def test_anonymous_gets_only_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_signed_in_teacher_gets_only_ok_too(world):
    assert client_for(world.teacher).get("/healthz").json() == {"status": "ok"}


def test_staff_gets_the_database_and_the_queue(db):
    staff = factories.person(email="ops@example.ru", is_staff=True)
    _assert_details(client_for(staff).get("/healthz").json())


def test_the_token_opens_the_details_and_a_wrong_one_does_not(client, db):
    _assert_details(
        client.get("/healthz", headers={"Authorization": "Bearer monitoring-secret"}).json()
    )
    for header in ("Bearer wrong", "Bearer ", "Basic monitoring-secret", "monitoring-secret"):
        assert client.get("/healthz", headers={"Authorization": header}).json() == {"status": "ok"}
    # Only the header: a token in the address would stay in proxies' access logs.
    assert client.get("/healthz?token=monitoring-secret").json() == {"status": "ok"}


def test_no_token_configured_means_no_token_opens_the_details(client, db, settings):
    settings.HEALTHZ_TOKEN = ""
    assert client.get("/healthz", headers={"Authorization": "Bearer "}).json() == {"status": "ok"}


def test_a_broken_queue_is_fail_with_503_and_no_reason_for_the_public(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "fail"}
    detailed = client.get("/healthz", headers={"Authorization": "Bearer monitoring-secret"})
    assert detailed.status_code == 503
    assert detailed.json()["status"] == "fail" and detailed.json()["tasks"]["ok"] is False
