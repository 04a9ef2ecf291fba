from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("breakdown/", views.breakdown, name="breakdown"),
    path("wall/", views.wall, name="wall"),
    path("briefings/", views.briefings, name="briefings"),
    path("briefings/<int:pk>.docx", views.briefing_docx, name="briefing_docx"),
    path("briefings/<int:pk>.pdf", views.briefing_pdf, name="briefing_pdf"),
    path("briefings/subscribe/", views.subscribe, name="subscribe"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
]
