from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "metodset.routes"
    label = "routes"
    verbose_name = _("Individual routes")

    def ready(self) -> None:
        from metodset.accounts.services import person_data_exporting, person_deleted
        from metodset.core import actions, navigation, week

        from . import home, permissions, personal_data, selectors

        person_data_exporting.connect(personal_data.export, dispatch_uid="routes.export")
        person_deleted.connect(personal_data.erase, dispatch_uid="routes.erase")

        # Routes belong to organisations: the bar offers them to those who work in one (network
        # staff reach an organisation's routes only with names allowed, from the same page).
        navigation.register("routes:mine", _("Routes"), visible=permissions.sees_routes, order=55)
        week.register("routes/_week_section.html", selectors.week_section, order=30)
        week.register("routes/_week_overdue.html", home.overdue_section, order=32)
        navigation.register(
            "routes:board",
            _("Route board"),
            visible=home.sees_board,
            href=home.board_url,
            order=30,
            menu="more",
        )
        # On the attendance page of a teacher's lesson for colleagues (horizontal learning).
        actions.register(
            "events.attendance",
            _("Credit hours of horizontal learning"),
            "routes:horizontal_credit",
            visible=permissions.can_credit,
        )
        # On the person's own competency profile: from the deficits to the route.
        actions.register(
            "diagnostics.profile",
            _("My route from these deficits"),
            "routes:from_profile",
            visible=lambda user, participant: participant.user_id == user.pk,
        )
