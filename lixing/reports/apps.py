from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lixing.reports"
    label = "reports"
