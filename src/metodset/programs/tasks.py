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


@task()
def send_reflection_questionnaires() -> int:
    """Open and send reflection questionnaires whose stage has begun."""
    from .services.programs import reflections_send_due

    return reflections_send_due()
