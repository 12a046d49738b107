"""Admin of supervision: the policy (one row) and the raw rows behind the pages, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from supervision.models import (
    Activity,
    Evidence,
    Policy,
    ProgressUpdate,
    RectificationItem,
    ReviewOpinion,
    Topic,
)


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "report_months", "rerectify_months", "updated_at"]

    def has_add_permission(self, request):
        # One row, created on first use by Policy.current().
        return super().has_add_permission(request) and not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "category", "lead_committee"]
    list_filter = ["year", "category", "lead_committee"]
    search_fields = ["title", "description"]
    list_select_related = ["lead_committee"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["name", "file", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "topic", "place"]
    list_filter = ["kind", "topic__year"]
    search_fields = ["topic__title", "place", "findings"]
    date_hierarchy = "date"
    list_select_related = ["topic"]
    raw_id_fields = ["deputies"]
    inlines = [EvidenceInline]


@admin.register(ReviewOpinion)
class ReviewOpinionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "recipient", "state", "sent_on", "report_due", "round", "published_at"]
    list_filter = ["state", "recipient"]
    search_fields = ["title", "body", "report"]
    list_select_related = ["recipient"]
    raw_id_fields = ["activity", "supervising_leader"]
    # States change through the workflow services only, so that every change is recorded.
    readonly_fields = ["state"]


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "percent", "text", "by"]
    readonly_fields = fields


@admin.register(RectificationItem)
class RectificationItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "unit", "deadline", "state", "percent", "extension_deadline"]
    list_filter = ["state", "unit"]
    search_fields = ["description"]
    list_select_related = ["unit"]
    raw_id_fields = ["opinion", "verified_by"]
    readonly_fields = ["state"]
    inlines = [ProgressInline]
