from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticsConfig(AppConfig):
    name = "metodset.diagnostics"
    label = "diagnostics"
    verbose_name = _("Diagnostics")

    def ready(self) -> None:
        from metodset.core import navigation

        navigation.register(
            "diagnostics:frameworks", _("Competencies"), visible=lambda user: True, order=50
        )
