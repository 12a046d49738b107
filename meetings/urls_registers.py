"""URL patterns joined into meetings/urls.py (app_name "meetings"): the registers and the
township guidance."""

from django.urls import path

from meetings import register_views as views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/reply/", views.report_reply, name="report_reply"),
    path("party-documents/", views.document_list, name="document_list"),
    path("party-documents/new/", views.document_create, name="document_create"),
    path("party-documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("party-documents/<int:pk>/file/", views.document_download, name="document_download"),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/edit/", views.appointment_edit, name="appointment_edit"),
    path("holders/", views.holders, name="holders"),
    path("guidance/", views.guidance_index, name="guidance_index"),
    path("guidance/arrange/", views.guidance_arrange, name="guidance_arrange"),
    path("guidance/cadres/new/", views.cadre_create, name="guidance_cadre_create"),
    path("guidance/cadres/<int:pk>/edit/", views.cadre_edit, name="guidance_cadre_edit"),
    path("guidance/visits/", views.visit_list, name="guidance_visit_list"),
    path("guidance/visits/new/", views.visit_create, name="guidance_visit_create"),
    path("guidance/visits/<int:pk>/edit/", views.visit_edit, name="guidance_visit_edit"),
    path("townships/<int:pk>/", views.township, name="township"),
]
