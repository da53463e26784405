from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "metodset.routes"
    label = "routes"
    verbose_name = _("Individual routes")

    def ready(self) -> None:
        from metodset.core import navigation

        navigation.register("routes:mine", _("Routes"), visible=lambda user: True, order=55)
