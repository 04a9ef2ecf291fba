import os

from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("", views.index, name="index"),
    path("notices/<int:notice_id>/read/", views.notice_read, name="notice_read"),
    path("banks/", views.banks, name="banks"),
    path("banks/<int:bank_id>/", views.bank, name="bank"),
    path("banks/<int:bank_id>/questions/new/", views.question_edit, name="question_new"),
    path("banks/<int:bank_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("papers/", views.papers, name="papers"),
    path("papers/new/", views.paper_new, name="paper_new"),
    path("papers/<int:paper_id>/", views.paper, name="paper"),
    path("papers/<int:paper_id>/start/", views.paper_start, name="paper_start"),
    path("papers/<int:paper_id>/analysis/", views.analysis, name="analysis"),
    path("a/<str:token>/", views.take, name="take"),
    path("a/<str:token>/answer/", views.answer, name="answer"),
    path("a/<str:token>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/", views.review, name="review"),
    path("competitions/", views.competitions, name="competitions"),
    path("competitions/new/", views.competition_new, name="competition_new"),
    path("competitions/<int:competition_id>/", views.competition, name="competition"),
    path("competitions/<int:competition_id>/board/", views.competition_board, name="competition_board"),
    path("spot-checks/", views.spot_checks, name="spot_checks"),
    path("spot-checks/<int:spot_id>/", views.spot_check, name="spot_check"),
    path("maze/", views.maze, name="maze"),
    path("maze/<int:level_id>/", views.maze_level, name="maze_level"),
    path("maze/<int:level_id>/knock/", views.maze_knock, name="maze_knock"),
    path("maze/<int:level_id>/answer/", views.maze_answer, name="maze_answer"),
    path("maze/<int:level_id>/restart/", views.maze_restart, name="maze_restart"),
    path("practice/", views.practice, name="practice"),
    path("practice/<int:card_id>/", views.practice_answer, name="practice_answer"),
]

# Benchmarks only (bench/quiz_submit.py sets it): the bare hello-world baseline view.
if os.environ.get("LIXING_BENCH_HELLO") == "1":
    urlpatterns.append(path("bench/hello/", views.bench_hello, name="bench_hello"))
