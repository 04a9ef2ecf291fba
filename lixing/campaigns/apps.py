from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "lixing.campaigns"
    label = "campaigns"
