from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "lixing.common"
    label = "common"
