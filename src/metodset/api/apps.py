from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "metodset.api"
    label = "api"
    verbose_name = "API"
