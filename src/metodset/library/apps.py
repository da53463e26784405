from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "metodset.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from metodset.core.search import engine

        from . import search

        engine.register(search.INDEX, search.reindex_materials)
