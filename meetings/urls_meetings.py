"""URL patterns of meetings, decisions and follow-up tasks, joined into meetings/urls.py."""

from django.urls import path

from meetings import views

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("congress/", views.congress, name="congress"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/papers/", views.papers, name="papers"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/print/", views.minutes_print, name="minutes_print"),
    path("<int:pk>/minutes/<slug:action>/", views.minutes_act, name="minutes_act"),
    path("<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("<int:pk>/act/<slug:action>/", views.meeting_act, name="meeting_act"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/<slug:direction>/", views.item_move, name="item_move"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/figures/", views.item_figures, name="item_figures"),
    path("items/<int:pk>/document/", views.item_document, name="item_document"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/status/", views.decision_status, name="decision_status"),
    path("decisions/<int:pk>/publish/", views.decision_publish, name="decision_publish"),
    path("decisions/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/accept/", views.task_accept, name="task_accept"),
    path("tasks/<int:pk>/send-back/", views.task_send_back, name="task_send_back"),
]
