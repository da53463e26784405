"""Background tasks of programmes: thin wrappers over services, safe to run twice."""

from django_tasks import task

from .services import teamwork


@task()
def send_due_assignment_reminders() -> int:
    """Remind teams and interns of work due within 48 hours; run again at once if more are left."""
    sent, more = teamwork.assignment_reminders_send_due()
    if more:
        send_due_assignment_reminders.enqueue()
    return sent
