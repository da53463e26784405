from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Home pages and the menu: the top of the app graph, which imports the capabilities and
    which nothing imports."""

    name = "metodset.dashboards"
    label = "dashboards"
