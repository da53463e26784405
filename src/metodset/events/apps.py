from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "metodset.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import audiences, navigation, schedule, week
        from metodset.core.search import engine

        from . import home, personal_data, search, selectors, tasks
        from .audiences import AUDIENCES

        schedule.register(tasks.send_due_reminders, every=timedelta(minutes=1))
        week.register("events/_week_section.html", selectors.week_section, order=10)
        week.register_network("events/_network_overview.html", home.network_events, order=40)
        navigation.register("events:catalogue", _("Events"), visible=lambda user: True, order=10)
        for audience in AUDIENCES:
            audiences.register(audience)
        person_data_exporting.connect(personal_data.export, dispatch_uid="events.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="events.erase")
        engine.register(search.INDEX, search.reindex_events)
