"""Background tasks of questionnaires: thin wrappers over services, taking ids."""

from django_tasks import task

from . import distribution, exports


@task()
def build_export(*, export_id: int) -> None:
    exports.export_run(export_id=export_id)


@task()
def send_due_reminders() -> int:
    """Automatic reminders of questionnaires whose ``remind_at`` has come."""
    return distribution.reminders_send_due()
