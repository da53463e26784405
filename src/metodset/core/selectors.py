"""Reads of the platform core."""

from django.conf import settings


def task_queue_state() -> dict[str, object]:
    """Backend name and, for the database queue, how many tasks wait and how many failed."""
    backend = settings.TASKS["default"]["BACKEND"]
    state: dict[str, object] = {"backend": backend.rsplit(".", 1)[-1], "ok": True}
    try:
        if backend == "django_tasks_db.DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            state["ready"] = DBTaskResult.objects.filter(status="READY").count()
            state["running"] = DBTaskResult.objects.filter(status="RUNNING").count()
            state["failed"] = DBTaskResult.objects.filter(status="FAILED").count()
        elif backend == "django_tasks_rq.RQBackend":
            import django_rq

            queue = django_rq.get_queue("default")
            state["ready"] = queue.count
            state["failed"] = queue.failed_job_registry.count
    except Exception as exc:  # noqa: BLE001 - report, never raise
        state["ok"] = False
        state["error"] = str(exc)
    return state
