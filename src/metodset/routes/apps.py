from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "metodset.routes"
    label = "routes"
    verbose_name = _("Individual routes")

    def ready(self) -> None:
        from metodset.core import navigation, week

        from . import selectors

        navigation.register("routes:mine", _("Routes"), visible=lambda user: True, order=55)
        week.register("routes/_week_section.html", selectors.week_section, order=30)
