"""The committee's published decisions and appointments on the public portal, under /public/committee/."""

from django.urls import path

from meetings import public_views

app_name = "public_committee"

urlpatterns = [
    path("decisions/", public_views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", public_views.decision_detail, name="decision_detail"),
    path("appointments/", public_views.appointment_list, name="appointment_list"),
]
