from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "metodset.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import actions, navigation, schedule, worker

        from . import permissions, personal_data, services, tasks

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
