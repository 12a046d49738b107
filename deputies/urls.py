from django.urls import path

from deputies import campaign_views, views

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
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/mine/", campaign_views.my_campaigns, name="my_campaigns"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaign_views.campaign_update, name="campaign_update"),
    path(
        "campaigns/<int:pk>/participants/",
        campaign_views.campaign_participants_edit,
        name="campaign_participants",
    ),
    path(
        "campaigns/<int:pk>/entries/new/", campaign_views.campaign_entry_create, name="campaign_entry_create"
    ),
    path(
        "campaigns/entries/<int:pk>/edit/", campaign_views.campaign_entry_update, name="campaign_entry_update"
    ),
    path(
        "campaigns/entries/<int:pk>/delete/",
        campaign_views.campaign_entry_delete,
        name="campaign_entry_delete",
    ),
    path("campaigns/entries/<int:pk>/photo/", campaign_views.campaign_photo, name="campaign_photo"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/edit/", views.deputy_update, name="update"),
    path("<int:pk>/record/", views.deputy_record, name="record"),
    path("<int:pk>/record.xlsx", views.deputy_record_xlsx, name="record_xlsx"),
]
