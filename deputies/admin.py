"""Admin for deputies (with the levels they hold) and trainings (with attendance)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deputies.models import Attendance, Deputy, Mandate, Training


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
