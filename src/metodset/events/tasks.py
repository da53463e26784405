"""Background tasks of events: thin wrappers over services, safe to run twice."""

from django_tasks import task

from . import services


@task()
def send_due_reminders() -> int:
    """Send reminders that are due; if more are left than one run sends, run again at once."""
    sent, more = services.reminders_send_due()
    if more:
        send_due_reminders.enqueue()
    return sent
