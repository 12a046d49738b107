"""The anonymous public portal under /public/."""

from django.urls import path

from publicity import files, portal

app_name = "public"

urlpatterns = [
    path("", portal.home, name="home"),
    path("news/", portal.article_list, name="news"),
    path("columns/<slug:slug>/", portal.column_detail, name="column"),
    path("articles/<int:pk>/", portal.article_detail, name="article"),
    path("periodicals/", portal.periodical_list, name="periodicals"),
    path("periodicals/<int:pk>/", portal.periodical_detail, name="periodical"),
    path("periodicals/<int:pk>/download/", portal.periodical_pdf, name="periodical_pdf"),
    path("videos/", portal.video_list, name="videos"),
    path("deputies/", portal.deputy_list, name="deputies"),
    path("deputies/<int:pk>/", portal.deputy_detail, name="deputy"),
    path("results/", portal.result_list, name="results"),
    path("results/<int:pk>/", portal.result_detail, name="result"),
    path("search/", portal.search, name="search"),
    path("files/<slug:kind>/<int:pk>/", files.public_file, name="file"),
]
