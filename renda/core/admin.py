"""Admin for reference data, the calendar corrections and the outbox."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renda.core.deadlines import rebuild_deadlines
from renda.core.models import (
    CalendarDay,
    CalendarYear,
    Deadline,
    DeliveryAttempt,
    Notification,
    OutboxMessage,
    Reminder,
    ReminderPolicy,
    Session,
    Term,
    Township,
    Transition,
    Unit,
)
from renda.core.tasks import outbox_retry


@admin.register(Township)
class TownshipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "township", "head_name", "contact_phone", "is_active"]
    list_filter = ["kind", "is_active", "township"]
    search_fields = ["name", "short_name"]
    list_select_related = ["township"]
    autocomplete_fields = ["head"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "number", "start_date", "end_date", "is_current"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "term", "number", "start_date", "end_date"]
    list_filter = ["term"]
    list_select_related = ["term"]


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "note", "updated_at"]


class DeliveryAttemptInline(admin.TabularInline):
    """Every try at the message, read-only: what happened, when, and why it failed."""

    model = DeliveryAttempt
    fields = ["number", "started_at", "ended_at", "outcome", "http_status", "error"]
    readonly_fields = fields
    ordering = ["-number"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the message may see its tries.
        return request.user.has_perm("core.view_outboxmessage")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UncertainFilter(admin.SimpleListFilter):
    title = _("uncertain attempt")
    parameter_name = "uncertain"

    def lookups(self, request, model_admin):
        return [("yes", _("Had an uncertain attempt")), ("no", _("No uncertain attempt"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(had_uncertain=True)
        if self.value() == "no":
            return queryset.filter(had_uncertain=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "status",
        "attempts",
        "uncertain",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", UncertainFilter, "channel"]
    search_fields = ["dedupe_key", "recipient__username"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    list_select_related = ["recipient"]
    inlines = [DeliveryAttemptInline]
    actions = ["retry_now"]

    def get_queryset(self, request):
        uncertain = DeliveryAttempt.objects.filter(
            message=OuterRef("pk"), outcome=DeliveryAttempt.Outcome.UNCERTAIN
        )
        return super().get_queryset(request).annotate(had_uncertain=Exists(uncertain))

    def has_add_permission(self, request):
        return False

    @admin.display(
        description=_("uncertain attempt"),
        boolean=True,
        ordering="had_uncertain",
    )
    def uncertain(self, obj):
        # An uncertain attempt may have been delivered before it was sent again: perhaps twice.
        return obj.had_uncertain

    @admin.action(description=_("Try the selected messages again now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox_retry(messages=queryset)
        self.message_user(
            request, _("%(count)d message(s) will be tried again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["at", "content_type", "object_id", "action", "from_state", "to_state", "by"]
    list_filter = ["content_type", "action"]
    readonly_fields = [f.name for f in Transition._meta.fields]
    list_select_related = ["content_type", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(SimpleHistoryAdmin):
    """One row: the reminder engine's tiers and escalation."""

    list_display = ["__str__", "soon_days", "serious_days", "unrated_days", "escalate", "wecom"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ReminderPolicy.current()  # the single row always exists to be edited
        return super().changelist_view(request, extra_context)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Some deadlines count from the policy (days a deputy has to rate a reply): they move with it.
        rebuild_deadlines()


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """The deadline index, to be read: the services write it, `rebuild_deadlines` recomputes it."""

    list_display = ["title", "kind_label", "due", "unit", "basis", "opened_at", "closed_at"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "kind", "due"]
    search_fields = ["title"]
    list_select_related = ["unit"]
    date_hierarchy = "due"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return obj.kind_label


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminders the daily scan sent: read-only, one per item, tier and day."""

    list_display = ["day", "tier", "title", "unit", "due", "recipients_count", "content_type", "created_at"]
    list_filter = ["tier", "day", "content_type", "unit"]
    search_fields = ["title"]
    date_hierarchy = "day"
    list_select_related = ["unit", "content_type"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
