from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "metodset.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from datetime import timedelta

        from . import schedule, tasks

        schedule.register(tasks.retry_failed_emails, every=timedelta(minutes=10))
        # django-tasks-db names its section in the admin in English only.
        if apps.is_installed("django_tasks_db"):
            apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
