from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "metodset.programs"
    label = "programs"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import audiences, navigation, schedule, week

        from . import home, personal_data, selectors, tasks
        from .audiences import AUDIENCES

        schedule.register(tasks.send_due_assignment_reminders, every=timedelta(minutes=10))
        schedule.register(tasks.send_reflection_questionnaires, every=timedelta(hours=1))
        week.register("programs/_week_section.html", selectors.week_section, order=20)
        # A coordinator's (and an organiser's staff's) applications waiting for a decision.
        week.register("programs/_week_applications.html", home.applications_section, order=5)
        week.register_network("programs/_network_overview.html", home.network_programs, order=20)
        navigation.register("programs:list", _("Programmes"), visible=lambda user: True, order=20)
        for audience in AUDIENCES:
            audiences.register(audience)
        person_data_exporting.connect(personal_data.export, dispatch_uid="programs.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="programs.erase")
