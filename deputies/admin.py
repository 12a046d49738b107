"""Admin for deputies (with the levels they hold), trainings (with attendance), campaigns (with entries)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deputies.models import Attendance, Campaign, CampaignEntry, Deputy, Mandate, Training


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gender", "birth_date", "party", "township", "phone", "status", "user"]
    list_filter = ["status", "mandates__level", "mandates__term", "township", "gender", "party"]
    search_fields = ["name", "name_initials", "phone", "occupation"]
    list_select_related = ["township", "user"]
    raw_id_fields = ["user"]
    readonly_fields = ["name_initials"]
    inlines = [MandateInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["deputy"]


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "where", "place", "start_date", "end_date", "organiser", "term"]
    list_filter = ["kind", "where", "term"]
    search_fields = ["title", "place", "organiser"]
    list_select_related = ["term"]
    date_hierarchy = "start_date"
    inlines = [AttendanceInline]


class CampaignEntryInline(admin.TabularInline):
    model = CampaignEntry
    extra = 0
    fields = ["deputy", "date", "text", "photo", "recorded_by"]
    raw_id_fields = ["deputy", "recorded_by"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_date", "end_date"]
    search_fields = ["title", "call"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["participants"]
    inlines = [CampaignEntryInline]


@admin.register(CampaignEntry)
class CampaignEntryAdmin(SimpleHistoryAdmin):
    list_display = ["date", "deputy", "campaign", "recorded_by"]
    list_filter = ["campaign"]
    search_fields = ["deputy__name", "deputy__name_initials", "text"]
    list_select_related = ["deputy", "campaign", "recorded_by"]
    raw_id_fields = ["deputy", "recorded_by"]
    date_hierarchy = "date"
