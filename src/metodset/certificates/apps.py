from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "metodset.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import actions, navigation, schedule, week, worker

        from . import home, permissions, personal_data, services, tasks

        person_data_exporting.connect(personal_data.export, dispatch_uid="certificates.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="certificates.erase")

        schedule.register(tasks.remove_orphan_pdfs, every=timedelta(days=1))
        schedule.register(tasks.resume_stalled_batches, every=timedelta(minutes=5))
        worker.workers_lost.connect(
            services.batches_release, dispatch_uid="certificates.batches_release"
        )

        # In the person's own menu: the main bar is full, and these are one's own documents.
        navigation.register(
            "certificates:mine",
            _("My certificates"),
            visible=lambda user: True,
            order=10,
            menu="user",
        )
        # The registry of issued certificates, for issuers' staff and coordinators.
        navigation.register(
            "certificates:registry",
            _("Registry of issued certificates"),
            visible=permissions.has_registry,
            order=10,
            menu="more",
        )
        week.register("certificates/_week_batches.html", home.batches_section, order=50)
        week.register_network(
            "certificates/_network_overview.html", home.network_certificates, order=60
        )
        actions.register(
            "programs.completion",
            _("Issue certificates"),
            "certificates:program",
            visible=permissions.can_issue_for_program,
        )
        actions.register(
            "events.attendance",
            _("Issue certificates"),
            "certificates:event",
            visible=permissions.can_issue_for_event,
        )
