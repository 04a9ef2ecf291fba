from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lixing.api"
    label = "api"
