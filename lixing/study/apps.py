from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "lixing.study"
    label = "study"
