from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "metodset.programs"
    label = "programs"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from metodset.core import audiences, navigation

        from .audiences import AUDIENCES

        navigation.register("programs:list", _("Programmes"), visible=lambda user: True, order=20)
        for audience in AUDIENCES:
            audiences.register(audience)
