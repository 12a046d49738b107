from django.urls import path

from liaison import views

app_name = "liaison"

urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage, name="coverage"),
    path("my-station/", views.my_station, name="my_station"),
    path("stations/new/", views.station_create, name="station_create"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("stations/<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("points/new/", views.point_create, name="point_create"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("points/<int:pk>/edit/", views.point_edit, name="point_edit"),
    path("assignments/new/", views.assignment_edit, name="assignment_create"),
    path("deputies/<int:deputy_pk>/assignment/", views.assignment_edit, name="assignment_edit"),
    path("deputies/<int:deputy_pk>/assignment/remove/", views.assignment_remove, name="assignment_remove"),
    path("receptions/", views.reception_list, name="receptions"),
    path("receptions/new/", views.reception_create, name="reception_create"),
    path("receptions/record/", views.reception_record_own, name="reception_record_own"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("receptions/<int:pk>/edit/", views.reception_edit, name="reception_edit"),
    path("receptions/<int:pk>/record/", views.reception_record, name="reception_record"),
    path("receptions/<int:pk>/cancel/", views.reception_cancel, name="reception_cancel"),
    path("receptions/<int:reception_pk>/opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/", views.opinion_list, name="opinions"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_act, name="opinion_act"),
]
