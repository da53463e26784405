def test_healthz_reports_database_and_queue(client, db, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"]["ok"] is True
    assert data["tasks"]["backend"] == "DatabaseBackend"
    assert data["tasks"]["ready"] == 0
