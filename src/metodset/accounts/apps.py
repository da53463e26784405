from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "metodset.accounts"
    label = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from metodset.core import audiences

        from .audiences import AUDIENCES

        for audience in AUDIENCES:
            audiences.register(audience)
