from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "metodset.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from metodset.core import audiences, navigation, week

        from . import home, permissions
        from .audiences import AUDIENCES

        for audience in AUDIENCES:
            audiences.register(audience)
        navigation.register(
            "accounts:import_start",
            _("Import of people and organisations"),
            visible=lambda user: (
                permissions.can_import_people(user) or permissions.can_import_organizations(user)
            ),
            order=90,
            menu="more",
        )
        week.register("accounts/_week_invitations.html", home.invitations_section, order=1)
