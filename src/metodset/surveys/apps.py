from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "metodset.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import navigation, schedule, week

        from . import permissions, personal_data, selectors, tasks

        schedule.register(tasks.send_due_reminders, every=timedelta(minutes=5))
        week.register("surveys/_week_section.html", selectors.week_section, order=40)
        navigation.register(
            "surveys:list",
            _("Questionnaires"),
            visible=permissions.can_create_questionnaires,
            order=5,
            menu="more",  # those who make questionnaires have a full bar
        )
        person_data_exporting.connect(personal_data.export, dispatch_uid="surveys.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="surveys.erase")
