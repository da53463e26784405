from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "metodset.communities"
    label = "communities"
    verbose_name = _("Professional learning communities")

    def ready(self) -> None:
        from metodset.core import navigation, week

        from . import home, permissions

        # Their sections of the community page register on import (communities.sections).
        from .views import lessons, work  # noqa: F401

        # In «Ещё»: with it the bar of a coordinator who is also a methodist took two lines at
        # 1280 px; a member reaches her community from the week's page too.
        navigation.register(
            "communities:list",
            _("Communities"),
            visible=permissions.sees_communities,
            order=25,
            menu="more",
        )
        week.register("communities/_week_section.html", home.week_section, order=35)
        navigation.register(
            "communities:plans",
            _("Methodical plans"),
            visible=permissions.sees_plans,
            order=26,
            menu="more",
        )
