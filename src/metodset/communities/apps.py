from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "metodset.communities"
    label = "communities"
    verbose_name = _("Professional learning communities")

    def ready(self) -> None:
        from metodset.core import navigation

        from . import permissions

        # Their sections of the community page register on import (communities.sections).
        from .views import lessons, work  # noqa: F401

        navigation.register(
            "communities:list", _("Communities"), visible=permissions.sees_communities, order=57
        )
