from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("tiles/", views.tiles, name="tiles"),
    path("<str:key>/records/", views.records, name="records"),
]
