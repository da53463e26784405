"""Background tasks of expertise: thin wrappers over services, safe to run twice."""

from django_tasks import task

from .services import reminders


@task()
def send_review_reminders() -> int:
    """Remind experts of reviews due soon; run again at once if more are left."""
    sent, more = reminders.review_reminders_send_due()
    if more:
        send_review_reminders.enqueue()
    return sent


@task()
def send_stall_digests() -> int:
    """Tell each campaign's coordinator which reviews are overdue (daily)."""
    return reminders.stall_digests_send()
