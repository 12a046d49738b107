"""Admin of meetings, minutes, decisions and follow-up tasks: the raw rows behind the pages, with history.

The registers and township guidance are registered in meetings/register_admin.py.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "document_title", "presenter", "responsible_body", "outcome"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["name", "post", "is_member", "status", "reason"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "term", "number", "date", "state", "membership"]
    list_filter = ["kind", "state", "term"]
    search_fields = ["place", "presided_by"]
    date_hierarchy = "date"
    list_select_related = ["term"]
    raw_id_fields = ["prepared_by"]
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "order", "outcome", "responsible_body"]
    list_filter = ["outcome", "meeting__kind"]
    search_fields = ["title", "document_title", "presenter"]
    list_select_related = ["meeting__term", "responsible_body"]
    raw_id_fields = ["meeting", "activity", "review_opinion", "snapshot"]


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "number", "state", "drafted_by", "approved_by", "approved_at"]
    list_filter = ["state"]
    search_fields = ["number", "body"]
    list_select_related = ["meeting__term", "drafted_by", "approved_by"]
    raw_id_fields = ["meeting", "drafted_by", "approved_by"]


class FollowUpTaskInline(admin.TabularInline):
    model = FollowUpTask
    extra = 0
    fields = ["unit", "description", "due", "state"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "number", "kind", "adopted_on", "status", "is_published"]
    list_filter = ["status", "kind", "is_published"]
    search_fields = ["title", "number", "text"]
    date_hierarchy = "adopted_on"
    raw_id_fields = ["meeting", "agenda_item"]
    inlines = [FollowUpTaskInline]


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "unit", "due", "state", "reported_at", "closed_at"]
    list_filter = ["state", "unit"]
    search_fields = ["description", "report", "decision__title"]
    list_select_related = ["decision", "unit"]
    raw_id_fields = ["decision", "reported_by"]
