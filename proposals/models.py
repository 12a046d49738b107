"""Deputies' suggestions, criticisms and opinions and their handling (代表法 Art. 51-52)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


class Policy(BaseModel):
    """The committee's handling rules, editable by an administrator; one row (pk=1)."""

    reply_months = models.PositiveSmallIntegerField(_("months to reply"), default=3)
    extended_reply_months = models.PositiveSmallIntegerField(_("months to reply when extended"), default=6)
    cohandling_months = models.PositiveSmallIntegerField(_("months for a co-handling opinion"), default=1)
    transfer_working_days = models.PositiveSmallIntegerField(_("working days to ask for return"), default=5)
    rehandling_months = models.PositiveSmallIntegerField(_("months to handle again"), default=1)
    due_soon_days = models.PositiveSmallIntegerField(
        _("days before the deadline that count as due soon"), default=15
    )
    outcome_a = models.CharField(_("label of category A"), max_length=30, default="已解决或基本解决")
    outcome_b = models.CharField(_("label of category B"), max_length=30, default="正在解决或列入规划")
    outcome_c = models.CharField(_("label of category C"), max_length=30, default="因条件限制需以后解决")
    outcome_d = models.CharField(_("label of category D"), max_length=30, default="留作参考")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handling policy")
        verbose_name_plural = _("handling policy")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_reply_months__gte=models.F("reply_months")),
                name="policy_extension_not_shorter",
                violation_error_message=_("An extended deadline cannot be shorter than the normal one."),
            )
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "Policy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    def outcome_label(self, code: str) -> str:
        return {"A": self.outcome_a, "B": self.outcome_b, "C": self.outcome_c, "D": self.outcome_d}.get(
            code, ""
        )


class Category(models.TextChoices):
    ECONOMY = "economy", _("Economy and finance")
    AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
    INFRASTRUCTURE = "infrastructure", _("Roads, transport and town building")
    EDUCATION = "education", _("Education, science and culture")
    HEALTH = "health", _("Health care")
    SOCIAL = "social", _("Social security and employment")
    ENVIRONMENT = "environment", _("Environment and resources")
    LAW = "law", _("Law and public order")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFER_REQUESTED = "transfer_requested", _("Return requested by the unit")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    REPLIED = "replied", _("Replied")
    REHANDLING = "rehandling", _("Handled again")
    EVALUATED = "evaluated", _("Evaluated")
    IMPLEMENTING = "implementing", _("Being implemented")
    CLOSED = "closed", _("Closed")


# States in which the lead unit owes a reply: the reply deadline runs.
AWAITING_REPLY = [
    State.ASSIGNED,
    State.TRANSFER_REQUESTED,
    State.IN_PROGRESS,
    State.EXTENDED,
    State.REHANDLING,
]
# States a suggestion can no longer leave.
FINAL = [State.REJECTED, State.WITHDRAWN, State.MERGED, State.CLOSED]


class SuggestionQuerySet(models.QuerySet):
    def awaiting_reply(self):
        return self.filter(state__in=AWAITING_REPLY)

    def overdue(self, *, today):
        return self.filter(state__in=AWAITING_REPLY, reply_due__lt=today)

    def open(self):
        return self.exclude(state__in=[*FINAL, State.DRAFT])


class Suggestion(BaseModel):
    term = models.ForeignKey("core.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "core.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_("Empty: filed between sessions (闭会期间)."),
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    sequence = models.CharField(_("numbering sequence"), max_length=30, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    lead_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("lead deputy"),
        on_delete=models.PROTECT,
        related_name="led_suggestions",
    )
    cosigners = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("co-signers"),
        through="Cosignature",
        related_name="cosigned_suggestions",
    )
    delegation = models.ForeignKey(
        "core.Township",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    origin_opinion = models.OneToOneField(
        "liaison.Opinion",
        verbose_name=_("constituent opinion it came from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("Why it was returned or not accepted.")
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    lead_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_suggestions",
    )
    co_units = models.ManyToManyField(
        "core.Unit",
        verbose_name=_("co-handling units"),
        through="CoHandling",
        related_name="cohandled_suggestions",
    )
    assigned_at = models.DateField(_("assigned on"), null=True, blank=True, db_index=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    transfer_due = models.DateField(_("return may be asked until"), null=True, blank=True)
    transfer_reason = models.TextField(_("reason for asking return"), blank=True)
    extension_requested_at = models.DateField(_("extension asked on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for extension"), blank=True)
    is_extended = models.BooleanField(_("extended"), default=False)
    replied_at = models.DateField(_("replied on"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome category"), max_length=1, choices=Outcome.choices, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    rehandling_rounds = models.PositiveSmallIntegerField(_("times handled again"), default=0)
    is_key = models.BooleanField(_("key suggestion (重点督办)"), default=False, db_index=True)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_suggestions",
    )
    closed_at = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "sequence", "number", "-pk"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [
            ("view_all_suggestions", _("Can see every suggestion")),
            ("review_suggestion", _("Can review, return, reject, merge and assign suggestions")),
            ("file_on_behalf", _("Can file a suggestion on a deputy's behalf")),
            ("approve_extension", _("Can approve extensions and requests for return")),
            ("mark_key", _("Can pick key suggestions and supervising leaders")),
            ("export_ledger", _("Can export the ledger and the scorecards")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sequence", "number"],
                condition=models.Q(number__isnull=False),
                name="suggestion_number_unique_in_sequence",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=AWAITING_REPLY)
                | models.Q(lead_unit__isnull=False, reply_due__isnull=False),
                name="suggestion_assigned_has_unit_and_due",
                violation_error_message=_("An assigned suggestion needs a lead unit and a reply deadline."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="merged") | models.Q(merged_into__isnull=False),
                name="suggestion_merged_has_target",
                violation_error_message=_("A merged suggestion must name the one it was merged into."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "reply_due"], name="suggestion_state_due_idx"),
            models.Index(fields=["lead_unit", "state"], name="suggestion_unit_state_idx"),
            models.Index(fields=["term", "session", "year"], name="suggestion_term_session_idx"),
            models.Index(fields=["lead_deputy", "state"], name="suggestion_deputy_state_idx"),
            # A year's filed suggestions and their lead deputies from the index alone: the dashboard's
            # deputies taking part (led, or co-signed one of these: joined on the pk).
            models.Index(
                fields=["year", "state", "lead_deputy"], include=["id"], name="suggestion_year_state_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def number_label(self) -> str:
        """第十六届第三次会议第012号, or 2026年闭会期间第005号; empty before acceptance."""
        if self.number is None:
            return ""
        if self.session_id:
            return f"{self.term.name}{self.session.name}第{self.number:03d}号"
        return f"{self.term.name}{self.year}年闭会期间第{self.number:03d}号"


class NumberSequence(models.Model):
    """The last number given in one sequence; its row is locked while a number is taken (no gaps)."""

    key = models.CharField(max_length=30, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("numbering sequence")
        verbose_name_plural = _("numbering sequences")

    def __str__(self):
        return f"{self.key}: {self.last}"


class Cosignature(models.Model):
    """A deputy asked to co-sign (附议); only a confirmed co-signature counts."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE)
    deputy = models.ForeignKey("deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.INVITED)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosignature_once")]
        indexes = [models.Index(fields=["deputy", "state"], name="cosignature_deputy_state_idx")]

    def __str__(self):
        return f"{self.deputy} · {self.suggestion}"


class CoHandling(models.Model):
    """A co-handling unit (协办) and the opinion it sends to the lead unit."""

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE)
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT)
    due = models.DateField(_("opinion due"))
    opinion = models.TextField(_("opinion"), blank=True)
    sent_at = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-handling unit")
        verbose_name_plural = _("co-handling units")
        constraints = [models.UniqueConstraint(fields=["suggestion", "unit"], name="cohandling_once")]
        indexes = [models.Index(fields=["unit", "sent_at", "due"], name="cohandling_unit_due_idx")]

    def __str__(self):
        return f"{self.unit} · {self.suggestion}"


class Consultation(models.Model):
    """A consultation (面商) of the handling unit with the deputy."""

    class Way(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        MEETING = "meeting", _("At a meeting")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="consultations"
    )
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.get_way_display()} {self.date}"


class Reply(models.Model):
    """The lead unit's reply in one round, and the lead deputy's rating of it."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome category"), max_length=1, choices=Outcome.choices)
    text = models.TextField(_("reply"))
    replied_at = models.DateField(_("replied on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    rating_comment = models.TextField(_("comment on the reply"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="reply_once_per_round")]

    def __str__(self):
        return f"{self.suggestion} · {self.round}"


class ProgressUpdate(models.Model):
    """A dated step in implementing a B or C reply (落实), with evidence."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    is_done = models.BooleanField(_("implemented"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.date} {self.text[:30]}"


def attachment_path(instance, filename):
    return f"suggestions/{instance.suggestion_id}/{filename}"


class Attachment(models.Model):
    """A file with a suggestion: the deputy's material, a reply letter, or evidence of implementation."""

    class Kind(models.TextChoices):
        FILING = "filing", _("Material of the suggestion")
        REPLY = "reply", _("Reply letter")
        EVIDENCE = "evidence", _("Evidence of implementation")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    progress = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name
