"""Reference data shared by every app, the transition record, notifications and the outbox."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Township(BaseModel):
    class Kind(models.TextChoices):
        TOWN = "town", _("Town")
        TOWNSHIP = "township", _("Township")

    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOWNSHIP)
    code = models.CharField(_("administrative code"), max_length=12, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Townships merged away are kept for old records.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self):
        return self.name


class Unit(BaseModel):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department")
        STATE_BODY = "state_body", _("Government, supervisory commission, court or procuratorate")
        COMMITTEE_BODY = "committee_body", _("Working body of the standing committee")
        TOWNSHIP = "township", _("Township government")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    township = models.ForeignKey(
        Township,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    head_name = models.CharField(_("head"), max_length=50, blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit head (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        help_text=_("Seriously overdue reminders are escalated to this account."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="township") | models.Q(township__isnull=False),
                name="unit_township_kind_has_township",
                violation_error_message=_("A township government must name its township."),
            )
        ]

    def __str__(self):
        return self.name


class Term(BaseModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=30, help_text=_("For example 第十六届."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_current = models.BooleanField(_("current term"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="term_only_one_current",
                violation_error_message=_("Only one term can be the current term."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class Session(BaseModel):
    """A session (会议) of the people's congress within a term; suggestions are filed at one or in recess."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50, help_text=_("For example 第三次会议."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number_in_term"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.term.name}{self.name}"


class CalendarDay(BaseModel):
    """An admin's correction to the official calendar: a day off or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off")
        WORKDAY = "workday", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class CalendarYear(BaseModel):
    """Marks that the official holiday schedule of a year has been entered as calendar corrections."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("entered calendar year")
        verbose_name_plural = _("entered calendar years")

    def __str__(self):
        return str(self.year)


class Transition(models.Model):
    """One state change of any workflow object: who moved it, from where to where, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40)
    to_state = models.CharField(_("to state"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="transition_subject_idx")]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(
        _("event key"), max_length=200, help_text=_("One notification per event and recipient.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")
        ]

    def __str__(self):
        return self.title


class OutboxQuerySet(models.QuerySet):
    def due(self, *, now=None):
        now = now or timezone.now()
        return self.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)

    def lease_expired(self, *, now=None):
        """Claims whose worker gave no outcome in time: it died, or hangs, mid-send."""
        now = now or timezone.now()
        return self.filter(status=OutboxMessage.Status.SENDING, lease_expires_at__lte=now)


class OutboxMessage(models.Model):
    """A message to send outside the app, written in the transaction that causes it, delivered by Celery.

    A worker claims a due message (status sending, with a lease) and commits before any network call,
    then records the outcome; each try is a DeliveryAttempt.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WECOM = "wecom", _("WeCom group robot")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    payload = models.JSONField(_("payload"), default=dict)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("Tries since the message was written or last retried by hand.")
    )
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(
        _("lease expires at"),
        null=True,
        blank=True,
        help_text=_("A message still sending after this time is handed back: its worker died mid-send."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # The admins' card "messages being retried": a few rows, however many were delivered.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending", attempts__gt=0),
                name="outbox_retrying_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sending")
                | models.Q(claimed_at__isnull=False, lease_expires_at__isnull=False),
                name="outbox_sending_has_lease",
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.dedupe_key}"


class DeliveryAttempt(models.Model):
    """One try at sending an outgoing message: opened when a worker claims it, closed with its outcome.

    Kept for good, also when an administrator retries the message: the history of every try.
    """

    class Outcome(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Uncertain")

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("outgoing message"),
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.SENDING,
        help_text=_(
            "Uncertain: the worker died mid-send, so the message may have been delivered and is sent "
            "again. Only then can a message arrive twice."
        ),
    )
    error = models.TextField(_("error"), blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)

    class Meta:
        ordering = ["message", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        indexes = [
            models.Index(
                fields=["message"],
                name="deliveryattempt_uncertain_idx",
                condition=models.Q(outcome="uncertain"),
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="deliveryattempt_once_per_number"),
            models.CheckConstraint(
                condition=models.Q(outcome="sending", ended_at__isnull=True)
                | (~models.Q(outcome="sending") & models.Q(ended_at__isnull=False)),
                name="deliveryattempt_ended_unless_sending",
            ),
        ]

    def __str__(self):
        return f"{self.message_id} #{self.number} {self.get_outcome_display()}"


class ReminderPolicy(BaseModel):
    """The reminder engine's tiers and escalation: one row (pk=1), edited by an administrator."""

    soon_days = models.PositiveSmallIntegerField(
        _("remind this many days ahead"), default=7, help_text=_("Items due within these days are due soon.")
    )
    serious_days = models.PositiveSmallIntegerField(
        _("seriously overdue after (days)"),
        default=30,
        help_text=_("Items this many days late are seriously overdue and escalated."),
    )
    unrated_days = models.PositiveSmallIntegerField(
        _("days a deputy has to rate a reply"),
        default=15,
        help_text=_("After these days an unrated reply reminds the deputy."),
    )
    escalate = models.BooleanField(
        _("escalate seriously overdue items"),
        default=True,
        help_text=_("Also tell the unit's head and the supervising leader."),
    )
    wecom = models.BooleanField(
        _("send reminders to the WeCom group"),
        default=True,
        help_text=_("Only when a WeCom webhook is configured."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policy")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="reminderpolicy_single_row"),
            models.CheckConstraint(
                condition=models.Q(serious_days__gte=1),
                name="reminderpolicy_serious_days_positive",
                violation_error_message=_("Seriously overdue must be at least one day late."),
            ),
        ]

    def __str__(self):
        return str(_("Reminder policy"))

    @classmethod
    def current(cls) -> "ReminderPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class Reminder(models.Model):
    """One reminder sent about one item, tier and day: the unique key that makes the scan exactly-once."""

    class Tier(models.TextChoices):
        SOON = "soon", _("Due soon")
        TODAY = "today", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        SERIOUS = "serious", _("Seriously overdue")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    day = models.DateField(_("day"))
    due = models.DateField(_("deadline"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The permissions whose holders are told in their daily digest; empty: no one beyond the item's own.
    audience = models.CharField(_("told in the digest"), max_length=200, blank=True)
    digested_at = models.DateTimeField(_("digest written"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(fields=["content_type", "object_id", "day"], name="reminder_subject_idx"),
            models.Index(fields=["day", "tier"], name="reminder_day_tier_idx"),
            models.Index(
                fields=["day"],
                condition=models.Q(digested_at__isnull=True) & ~models.Q(audience=""),
                name="reminder_undigested_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tier", "day"], name="reminder_once_per_item_tier_day"
            )
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.get_tier_display()} {self.title}"


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def reachable(self):
        """Open deadlines someone answers for: a unit, the holders of a permission or an active person.

        A reply to rate whose deputy has no active account waits on nobody the system can tell.
        """
        from django.contrib.auth import get_user_model

        # A subquery rather than a join: the scan, the board and the counts read every open row.
        active = get_user_model().objects.filter(is_active=True).values("pk")
        return self.open().filter(
            models.Q(unit__isnull=False) | ~models.Q(audience="") | models.Q(person__in=active)
        )


class Deadline(models.Model):
    """One obligation with a due date, open or closed: the deadline index every count, board and scan reads.

    The service that opens, moves or closes an obligation writes its row in the same transaction
    (renda.core.deadlines.sync_deadlines); `rebuild_deadlines` recomputes the rows from the apps' own
    records. Overdue is computed from `due` and today, never stored.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=60)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due = models.DateField(_("deadline"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        help_text=_("Its active users are told at every tier; its head once seriously overdue."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person told"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    audience = models.CharField(
        _("told by permission"),
        max_length=200,
        blank=True,
        help_text=_("Permissions, separated by spaces, whose holders are told at every tier."),
    )
    escalate_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalated to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    escalate_audience = models.CharField(_("escalated to by permission"), max_length=200, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="deadline_subject_idx"),
            models.Index(
                fields=["due"], name="deadline_open_due_idx", condition=models.Q(closed_at__isnull=True)
            ),
            models.Index(
                fields=["unit", "due"],
                name="deadline_open_unit_idx",
                condition=models.Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["kind", "object_id"],
                name="deadline_open_kind_idx",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="deadline_one_open_per_subject_kind",
            ),
        ]

    def __str__(self):
        return f"{self.due:%Y-%m-%d} {self.title}"

    @property
    def kind_label(self) -> str:
        from renda.core.deadlines import kind_label

        return kind_label(self.kind)


class Submission(models.Model):
    """A create form's one-time token, claimed in the transaction that makes what the form creates:
    the same form posted again (a double tap, a resent request) leads to what the first post made."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    made = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)
