from django.apps import AppConfig


class DeedsConfig(AppConfig):
    name = "lixing.deeds"
    label = "deeds"
