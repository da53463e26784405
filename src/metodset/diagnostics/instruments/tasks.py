"""Background work of the instruments."""

from __future__ import annotations

from django_tasks import task

from metodset.diagnostics.instruments.services import test_reminders_send_due


@task()
def send_test_reminders() -> int:
    """The periodic job (registered in ``DiagnosticsConfig.ready``)."""
    return test_reminders_send_due()
