"""Admin of the suggestion ledger: the rows behind the pages, read-mostly, and the handling policy.

A suggestion changes state only through the services (proposals.services), which record every
transition; here an administrator can correct a typo in the title or content, and read the rest.
"""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from proposals.models import (
    Attachment,
    CoHandling,
    Consultation,
    Cosignature,
    NumberSequence,
    Policy,
    ProgressUpdate,
    Reply,
    Suggestion,
)
from renda.core.deadlines import rebuild_deadlines


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CosignatureInline(ReadOnlyInline):
    model = Cosignature
    fields = ["deputy", "state", "answered_at"]


class CoHandlingInline(ReadOnlyInline):
    model = CoHandling
    fields = ["unit", "due", "sent_at", "opinion"]


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = ["unit", "way", "date", "notes", "recorded_by"]


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ["round", "unit", "outcome", "replied_at", "satisfaction", "rated_at", "text"]


class ProgressUpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ["date", "text", "is_done", "by"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "number_label",
        "lead_deputy",
        "lead_unit",
        "state",
        "year",
        "reply_due",
        "is_key",
    ]
    list_filter = ["state", "year", "category", "is_key", "term", "session"]
    search_fields = ["title", "content", "lead_deputy__name", "lead_deputy__name_initials", "lead_unit__name"]
    list_select_related = ["term", "session", "lead_deputy", "lead_unit"]
    date_hierarchy = "assigned_at"
    inlines = [
        CosignatureInline,
        CoHandlingInline,
        ConsultationInline,
        ReplyInline,
        ProgressUpdateInline,
        AttachmentInline,
    ]
    # Only the wording may be corrected here; everything else moves through the workflow.
    editable = {"title", "content", "category"}

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.concrete_fields if f.name not in self.editable]
        return [*names, "number_label"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    """The one row of handling rules (pk=1): editable, never a second one, never deleted."""

    list_display = ["__str__", "reply_months", "extended_reply_months", "rehandling_months", "due_soon_days"]

    def has_add_permission(self, request):
        return not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The working days for a return decision count from the policy: those deadlines move with it.
        rebuild_deadlines(kinds=["proposals.transfer"])


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    """Numbers are taken by the assignment service under a row lock; shown here to be read."""

    list_display = ["key", "last"]
    search_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
