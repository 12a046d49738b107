from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("overdue/", views.overdue, name="overdue"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("snapshots/new/", views.snapshot_create, name="snapshot_create"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("snapshots/<int:pk>/export.xlsx", views.snapshot_export, name="snapshot_export"),
    path("rows/activities/", views.activities, name="activities"),
    path("rows/opinions/", views.opinions, name="opinions"),
    path("rows/deputies/", views.deputies, name="deputies"),
    path("rows/articles/", views.articles, name="articles"),
]
