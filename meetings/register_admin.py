"""Admin of the registers and the township guidance, with their change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Appointment,
    GuidanceAssignment,
    GuidanceVisit,
    MajorReport,
    PartyDocument,
    TownshipCadre,
)


@admin.register(MajorReport)
class MajorReportAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "number", "sent_on", "reply_received_on"]
    list_filter = ["kind"]
    search_fields = ["subject", "number"]
    date_hierarchy = "sent_on"
    raw_id_fields = ["meeting"]


@admin.register(PartyDocument)
class PartyDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "number", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["title", "number"]
    date_hierarchy = "issued_on"


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "post", "unit", "date", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["person", "post", "unit__name"]
    date_hierarchy = "date"
    raw_id_fields = ["meeting", "unit"]


@admin.register(GuidanceAssignment)
class GuidanceAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["township", "leader", "since"]
    raw_id_fields = ["leader"]


@admin.register(TownshipCadre)
class TownshipCadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "township", "role", "is_current"]
    list_filter = ["role", "is_current", "township"]
    search_fields = ["name"]


@admin.register(GuidanceVisit)
class GuidanceVisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "township", "leader", "subject"]
    list_filter = ["kind", "township"]
    search_fields = ["subject"]
    date_hierarchy = "date"
    raw_id_fields = ["leader"]
