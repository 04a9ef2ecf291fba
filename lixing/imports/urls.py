from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("<slug:kind>/upload/", views.upload, name="upload"),
    path("job/<int:job_id>/", views.job, name="job"),
    path("job/<int:job_id>/confirm/", views.confirm, name="confirm"),
    path("job/<int:job_id>/cancel/", views.cancel, name="cancel"),
    path("job/<int:job_id>/recheck/", views.recheck, name="recheck"),
]
