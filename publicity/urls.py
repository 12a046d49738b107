"""Publicity staff pages under /publicity/."""

from django.urls import path

from publicity import files, views

app_name = "publicity"

urlpatterns = [
    path("", views.article_list, name="index"),
    path("review/", views.review_queue, name="review_queue"),
    path("files/<slug:kind>/<int:pk>/", files.staff_file, name="file"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/preview/", views.article_preview, name="article_preview"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("articles/<int:pk>/return/", views.article_return, name="article_return"),
    path("articles/<int:pk>/withdraw/", views.article_withdraw, name="article_withdraw"),
    path("articles/<int:pk>/<slug:action>/", views.article_act, name="article_act"),
    path("columns/", views.column_list, name="column_list"),
    path("columns/new/", views.column_form, name="column_create"),
    path("columns/<int:pk>/edit/", views.column_form, name="column_edit"),
    path("periodical/", views.issue_list, name="issue_list"),
    path("periodical/new/", views.issue_form, name="issue_create"),
    path("periodical/<int:pk>/edit/", views.issue_form, name="issue_edit"),
    path("periodical/<int:pk>/pdf/", views.issue_pdf, name="issue_pdf"),
    path("videos/", views.video_list, name="video_list"),
    path("videos/new/", views.video_form, name="video_create"),
    path("videos/<int:pk>/edit/", views.video_form, name="video_edit"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/new/", views.publication_form, name="publication_create"),
    path("publications/<int:pk>/edit/", views.publication_form, name="publication_edit"),
    path("correspondents/", views.correspondent_list, name="correspondent_list"),
    path("correspondents/new/", views.correspondent_form, name="correspondent_create"),
    path("correspondents/<int:pk>/", views.correspondent_detail, name="correspondent_detail"),
    path("correspondents/<int:pk>/edit/", views.correspondent_form, name="correspondent_edit"),
    path("honours/<int:pk>/delete/", views.honour_delete, name="honour_delete"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("results/", views.result_list, name="result_list"),
    path("results/new/<int:suggestion_pk>/", views.result_create, name="result_create"),
    path("results/<int:pk>/edit/", views.result_edit, name="result_edit"),
    path("results/<int:pk>/withdraw/", views.result_withdraw, name="result_withdraw"),
    path("results/<int:pk>/republish/", views.result_republish, name="result_republish"),
]
