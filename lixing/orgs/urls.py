from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("tree/", views.tree, name="tree"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/new/", views.org_create, name="create"),
    path("<int:org_id>/edit/", views.org_edit, name="edit"),
    path("<int:org_id>/secretary/", views.org_secretary, name="secretary"),
    path("<int:org_id>/move/", views.org_move, name="move"),
    path("<int:org_id>/merge/", views.org_merge, name="merge"),
    path("<int:org_id>/dissolve/", views.org_dissolve, name="dissolve"),
    path("<int:org_id>/pick/<slug:purpose>/", views.org_pick, name="pick"),
    path("<int:org_id>/members/", views.members, name="members"),
    path("<int:org_id>/members/new/", views.member_create, name="member_create"),
    path("<int:org_id>/roster.xlsx", views.export, name="export"),
    path("members/<int:member_id>/", views.member, name="member"),
    path("members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:member_id>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<int:member_id>/transfer/pick/", views.member_pick, name="pick_transfer"),
    path("members/<int:member_id>/reveal/", views.member_reveal, name="member_reveal"),
]
