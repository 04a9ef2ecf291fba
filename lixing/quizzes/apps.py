from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "lixing.quizzes"
    label = "quizzes"
