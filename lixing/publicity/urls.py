from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.index, name="index"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("articles/<int:article_id>/not-duplicate/", views.article_clear_duplicate, name="article_clear_duplicate"),
    path("articles/<int:article_id>/campaign/", views.article_campaign, name="article_campaign"),
    path("articles/<int:article_id>/delete/", views.article_delete, name="article_delete"),
    path("honours/", views.honours, name="honours"),
    path("honours/new/", views.honour_new, name="honour_new"),
    path("honours/<int:honour_id>/", views.honour_detail, name="honour"),
    path("honours/<int:honour_id>/publish/", views.honour_publish, name="honour_publish"),
    path("examples/", views.examples, name="examples"),
    path("examples/new/", views.example_new, name="example_new"),
    path("examples/<int:example_id>/", views.example_detail, name="example"),
    path("public/honours/", views.public_honours, name="public_honours"),
]
