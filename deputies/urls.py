from django.urls import path

from deputies import views

app_name = "deputies"

urlpatterns = [
    path("", views.deputy_list, name="list"),
    path("new/", views.deputy_create, name="create"),
    path("me/", views.my_record, name="me"),
    path("export.xlsx", views.roster_export, name="export"),
    path("import/", views.roster_import, name="import"),
    path("import/confirm/", views.roster_import_confirm, name="import_confirm"),
    path("import/template.xlsx", views.roster_template, name="import_template"),
    path("accounts/", views.deputy_accounts, name="accounts"),
    path("trainings/", views.training_list, name="training_list"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/coverage/", views.training_coverage_view, name="training_coverage"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/edit/", views.training_update, name="training_update"),
    path("trainings/<int:pk>/attendance/", views.training_attendance, name="training_attendance"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/edit/", views.deputy_update, name="update"),
    path("<int:pk>/record/", views.deputy_record, name="record"),
    path("<int:pk>/record.xlsx", views.deputy_record_xlsx, name="record_xlsx"),
]
