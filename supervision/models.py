"""Supervision (监督法): yearly topics, activities, review opinions and rectification items."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


class Policy(BaseModel):
    """Supervision deadlines an administrator can change; one row (pk=1)."""

    report_months = models.PositiveSmallIntegerField(
        _("months for the written handling report"),
        default=3,
        help_text=_("From the day the opinion is sent."),
    )
    rerectify_months = models.PositiveSmallIntegerField(
        _("months to rectify again after a failed vote"), default=2
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision policy")
        verbose_name_plural = _("supervision policy")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "Policy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class Topic(BaseModel):
    class Category(models.TextChoices):
        POVERTY = "poverty", _("Consolidating poverty alleviation")
        APPLE = "apple", _("Apple industry")
        PROJECTS = "projects", _("Key projects")
        TOURISM = "tourism", _("Tourism")
        TRANSPORT = "transport", _("Transport")
        ENVIRONMENT = "environment", _("Environmental protection")
        FOOD_DRUG = "food_drug", _("Food and drug safety")
        OTHER = "other", _("Other")

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    lead_committee = models.ForeignKey(
        "core.Unit",
        verbose_name=_("lead working committee"),
        on_delete=models.PROTECT,
        related_name="supervision_topics",
        limit_choices_to={"kind": "committee_body"},
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "category", "title"]
        verbose_name = _("supervision topic")
        verbose_name_plural = _("supervision topics")
        permissions = [
            ("view_supervision", _("Can see every topic, activity, opinion and item")),
            ("manage_supervision", _("Can manage topics, activities, opinions and items")),
            ("approve_supervision", _("Can approve review opinions and extensions")),
        ]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="topic_unique_title_in_year")]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("supervision:topic_detail", args=[self.pk])


class Activity(BaseModel):
    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        INSPECTION = "inspection", _("Inspection")
        LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement inspection")
        WORK_REPORT = "work_report", _("Hearing and reviewing a work report")
        INQUIRY = "inquiry", _("Special inquiry")
        SATISFACTION_VOTE = "satisfaction_vote", _("Satisfaction evaluation")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    date = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("members and deputies taking part"),
        related_name="supervision_activities",
        blank=True,
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    findings = models.TextField(_("findings"), blank=True)

    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("supervision activity")
        verbose_name_plural = _("supervision activities")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.topic.title}"

    def get_absolute_url(self):
        return reverse("supervision:activity_detail", args=[self.pk])


class ReviewOpinion(BaseModel):
    """The committee's review opinion (审议意见) to a state body, with its written report and vote."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being compiled")
        APPROVED = "approved", _("Approved by the director meeting")
        SENT = "sent", _("Sent")
        REPORTED = "reported", _("Handling report received")
        RECTIFYING_AGAIN = "rectifying_again", _("Rectifying again")
        CLOSED = "closed", _("Closed")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="review_opinions"
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("opinion"))
    recipient = models.ForeignKey(
        "core.Unit",
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        related_name="review_opinions",
        limit_choices_to={"kind": "state_body"},
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True, db_index=True)
    report_received_on = models.DateField(_("report received on"), null=True, blank=True)
    report = models.TextField(_("handling report"), blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    votes_satisfied = models.PositiveSmallIntegerField(_("votes satisfied"), null=True, blank=True)
    votes_basically = models.PositiveSmallIntegerField(_("votes basically satisfied"), null=True, blank=True)
    votes_unsatisfied = models.PositiveSmallIntegerField(_("votes unsatisfied"), null=True, blank=True)
    published_at = models.DateField(_("published on"), null=True, blank=True)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        indexes = [models.Index(fields=["state", "report_due"], name="opinion_report_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "approved"])
                | models.Q(sent_on__isnull=False, report_due__isnull=False),
                name="review_opinion_sent_has_dates",
                violation_error_message=_(
                    "A sent opinion needs the day it was sent and the report deadline."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:opinion_detail", args=[self.pk])


class RectificationItem(BaseModel):
    """One thing the body must put right (整改事项), by a responsible unit and a deadline."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        VERIFIED = "verified", _("Verified")

    opinion = models.ForeignKey(
        ReviewOpinion, verbose_name=_("review opinion"), on_delete=models.PROTECT, related_name="items"
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    description = models.TextField(_("what is to be put right"))
    deadline = models.DateField(_("deadline"), db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    extension_reason = models.TextField(_("reason for extension"), blank=True)
    extension_deadline = models.DateField(_("extension asked until"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        indexes = [models.Index(fields=["unit", "state", "deadline"], name="item_unit_state_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="item_percent_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            )
        ]

    def __str__(self):
        return self.description[:40]

    def get_absolute_url(self):
        return reverse("supervision:item_detail", args=[self.pk])


class ProgressUpdate(models.Model):
    item = models.ForeignKey(
        RectificationItem,
        verbose_name=_("rectification item"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("progress"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="supervision_update_percent_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            )
        ]

    def __str__(self):
        return f"{self.date} {self.percent}%"


def evidence_path(instance, filename):
    return f"supervision/{instance.content_label}/{filename}"


class Evidence(models.Model):
    """A file kept with an activity or with a progress update (photos, reports, minutes)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False, update__isnull=True)
                | models.Q(activity__isnull=True, update__isnull=False),
                name="evidence_belongs_to_one",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def content_label(self) -> str:
        return f"activity-{self.activity_id}" if self.activity_id else f"update-{self.update_id}"
