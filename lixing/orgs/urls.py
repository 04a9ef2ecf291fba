from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/members/", views.members, name="members"),
    path("members/<int:member_id>/", views.member, name="member"),
    path("members/<int:member_id>/reveal/", views.member_reveal, name="member_reveal"),
]
