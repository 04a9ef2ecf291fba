from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:campaign_id>/", views.detail, name="detail"),
    path("<int:campaign_id>/groups/", views.group_add, name="group_add"),
    path("<int:campaign_id>/people/", views.person_add, name="person_add"),
    path("<int:campaign_id>/plan/", views.plan, name="plan"),
    path("<int:campaign_id>/plan/<slug:level>/", views.node_add, name="node_add"),
    path("<int:campaign_id>/plan/<slug:level>/<int:node_id>/", views.node_edit, name="node_edit"),
    path("<int:campaign_id>/measures/<int:measure_id>/tasks/new/", views.task_form, name="task_add"),
    path("<int:campaign_id>/tasks/<int:task_id>/edit/", views.task_form, name="task_edit"),
    path("<int:campaign_id>/schedule/", views.schedule, name="schedule"),
    path("<int:campaign_id>/tasks/", views.tasks, name="tasks"),
    path("<int:campaign_id>/chart/", views.chart, name="chart"),
    path("<int:campaign_id>/weekly/", views.weekly, name="weekly"),
    path("<int:campaign_id>/monthly/", views.monthly, name="monthly"),
    path("<int:campaign_id>/notices/", views.notices, name="notices"),
    path("assignments/<int:assignment_id>/", views.assignment, name="assignment"),
    path("assignments/<int:assignment_id>/<slug:action>/", views.assignment_action, name="assignment_action"),
    path("notices/<int:supervision_id>/", views.notice, name="notice"),
]
