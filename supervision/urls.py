from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:topic_pk>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_pk>/opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/edit/", views.opinion_edit, name="opinion_edit"),
    path("opinions/<int:opinion_pk>/items/new/", views.item_create, name="item_create"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_act, name="opinion_act"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/progress/", views.item_progress, name="item_progress"),
    path("items/<int:pk>/extension/", views.item_extension, name="item_extension"),
    path("items/<int:pk>/extension/decide/", views.item_extension_decide, name="item_extension_decide"),
    path("items/<int:pk>/verify/", views.item_verify, name="item_verify"),
    path("items/<int:pk>/send-back/", views.item_send_back, name="item_send_back"),
    path("files/<int:pk>/", views.evidence, name="evidence"),
]
