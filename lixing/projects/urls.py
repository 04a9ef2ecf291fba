from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("supervision/", views.supervision, name="supervision"),
    path("new/", views.project_new, name="new"),
    path("<int:project_id>/", views.project_detail, name="project"),
    path("<int:project_id>/report/", views.report, name="report"),
    path("<int:project_id>/problem/", views.problem, name="problem"),
    path("<int:project_id>/milestone/", views.milestone, name="milestone"),
]
