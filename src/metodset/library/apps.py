from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "metodset.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from metodset.accounts import audit
        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import navigation
        from metodset.core.search import engine

        from . import audit_labels, permissions, personal_data, search

        # In «Ещё», like the other sections: the bar stays one line at 1280 px.
        navigation.register(
            "library:catalogue", _("Library"), visible=lambda user: True, order=24, menu="more"
        )
        navigation.register(
            "library:mine", _("My materials"), visible=lambda user: True, order=15, menu="user"
        )
        navigation.register(
            "library:moderation",
            _("Moderation of materials"),
            visible=permissions.is_moderator,
            order=28,
            menu="more",
        )
        audit.labels_register(actions=audit_labels.ACTIONS, fields=audit_labels.FIELDS)
        person_data_exporting.connect(personal_data.export, dispatch_uid="library.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="library.erase")
        engine.register(search.INDEX, search.reindex_materials)
