from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "metodset.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from datetime import timedelta

        from . import schedule, tasks

        schedule.register(tasks.retry_failed_emails, every=timedelta(minutes=10))
