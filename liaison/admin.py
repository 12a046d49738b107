"""Admin of the liaison network: the raw rows behind the pages, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from liaison.models import Assignment, Opinion, Point, Reception, Station


class PointInline(admin.TabularInline):
    model = Point
    extra = 0
    fields = ["name", "township", "village", "contact_name", "contact_phone"]
    show_change_link = True


@admin.register(Station)
class StationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "township", "contact_name", "contact_phone", "schedule", "sort_order"]
    list_filter = ["township"]
    search_fields = ["name", "address", "contact_name"]
    list_select_related = ["township"]
    inlines = [PointInline]


@admin.register(Point)
class PointAdmin(SimpleHistoryAdmin):
    list_display = ["name", "station", "township", "village", "contact_name", "contact_phone"]
    list_filter = ["station", "township"]
    search_fields = ["name", "village", "address", "contact_name"]
    list_select_related = ["station", "township"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["deputy", "station", "point"]
    list_filter = ["station"]
    search_fields = ["deputy__name", "deputy__name_initials"]
    list_select_related = ["deputy", "station", "point"]
    autocomplete_fields = ["point"]
    raw_id_fields = ["deputy"]


@admin.register(Reception)
class ReceptionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "station", "point", "place", "state", "residents_received"]
    list_filter = ["state", "station"]
    search_fields = ["place", "topic", "notes"]
    date_hierarchy = "date"
    list_select_related = ["station", "point"]
    filter_horizontal = ["on_duty", "present"]
    raw_id_fields = ["recorded_by"]
    # States change through the workflow services only, so that every change is recorded.
    readonly_fields = ["state"]


@admin.register(Opinion)
class OpinionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "category", "state", "unit", "due_date", "reception"]
    list_filter = ["state", "category", "unit"]
    search_fields = ["content", "resident_name"]
    date_hierarchy = "created_at"
    list_select_related = ["unit", "reception", "reception__station", "reception__point"]
    raw_id_fields = ["reception", "recorded_by"]
    readonly_fields = ["state"]
