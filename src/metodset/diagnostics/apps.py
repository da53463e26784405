from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "metodset.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self) -> None:
        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import navigation
        from metodset.surveys import hooks

        from . import personal_data
        from .instruments import self_assessment

        person_data_exporting.connect(personal_data.export, dispatch_uid="diagnostics.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="diagnostics.erase")

        hooks.response_submitted.connect(
            self_assessment.on_response_submitted, dispatch_uid="diagnostics.self_assessment"
        )
        hooks.register_followup(self_assessment.self_assessment_followup)

        from datetime import timedelta

        from metodset.core import schedule

        from .instruments import tasks

        schedule.register(tasks.send_test_reminders, every=timedelta(minutes=5))
        from metodset.core import week

        from . import home

        week.register("diagnostics/test_week_section.html", home.week_section, order=45)

        week.register("diagnostics/_week_campaigns.html", home.campaigns_section, order=15)
        week.register_network(
            "diagnostics/_network_overview.html", home.network_campaigns, order=30
        )
        navigation.register(
            "diagnostics:heatmap",
            _("Heat map of deficits"),
            visible=home.sees_heatmaps,
            href=home.newest_heatmap_url,
            order=20,
            menu="more",
        )

        # The bar's «Диагностика» leads to the person's assessments and the campaigns they run;
        # the frameworks are reached from there. The profile sits in the person's own menu.
        navigation.register(
            "diagnostics:campaigns", _("Diagnostics"), visible=lambda user: True, order=50
        )
        navigation.register(
            "diagnostics:my_profile",
            _("My competency profile"),
            visible=lambda user: True,
            order=20,
            menu="user",
        )
