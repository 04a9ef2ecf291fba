from django.urls import path

from . import views

app_name = "contests"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.contest_new, name="contest_new"),
    path("<int:contest_id>/", views.contest_detail, name="contest"),
    path("<int:contest_id>/board/", views.board, name="board"),
    path("<int:contest_id>/vote/<int:entry_id>/", views.vote, name="vote"),
    path("sheets/<int:judge_id>/", views.sheet, name="sheet"),
    path("sheets/<int:judge_id>/score/", views.score, name="score"),
    path("public/<int:contest_id>/", views.public_board, name="public_board"),
]
