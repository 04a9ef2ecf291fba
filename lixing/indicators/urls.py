from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.set_new, name="set_new"),
    path("<int:set_id>/", views.set_detail, name="set"),
    path("<int:set_id>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("<int:set_id>/entry/", views.entry, name="entry"),
    path("<int:set_id>/status/", views.status, name="status"),
    path("<int:set_id>/approve/", views.approve, name="approve"),
    path("<int:set_id>/unlock/", views.unlock, name="unlock"),
]
