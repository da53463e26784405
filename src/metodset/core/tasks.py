"""Background tasks of the core: thin wrappers over services, taking ids."""

from django_tasks import task

from . import services


@task()
def deliver_email(*, email_id: int) -> bool:
    return services.email_deliver(email_id=email_id)


@task()
def retry_failed_emails() -> int:
    return services.emails_retry_failed()
