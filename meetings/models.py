"""The committee's own machinery: meetings with agendas, attendance and minutes; the decisions they
adopt and the follow-up those require; major-matter reports to the county party committee and the
party committee's documents; appointments and removals; and the deputy directors' township guidance.

This app is in the top layer: an agenda item may point at a supervision activity or review opinion,
at a session's suggestions or at a dashboard snapshot; nothing below imports it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


def upload_path(instance, filename):
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{instance._meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ending}"


class Meeting(BaseModel):
    class Kind(models.TextChoices):
        DIRECTOR = "director", _("Director meeting")
        STANDING = "standing", _("Standing committee meeting")
        PARTY_GROUP = "party_group", _("Party group meeting")
        CONGRESS = "congress", _("Session of the people's congress")

    class State(models.TextChoices):
        PLANNED = "planned", _("Being prepared")
        HELD = "held", pgettext_lazy("meeting", "Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    term = models.ForeignKey("core.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Its number within the term."))
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    presided_by = models.CharField(_("presided by"), max_length=60, blank=True)
    membership = models.PositiveSmallIntegerField(
        _("members"),
        help_text=_("How many members the meeting has; attendance cannot exceed it."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [
            ("view_meetings", _("Can see every meeting, decision and register of the committee")),
            ("manage_meetings", _("Can prepare meetings and keep the committee's registers")),
            ("approve_minutes", _("Can approve minutes")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term", "number"], name="meeting_unique_number_in_term")
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        # As the committee writes them: 第十六届人大常委会第25次会议, 第十六届人大常委会第50次主任会议,
        # 第十六届人大常委会党组第12次会议, 吉县第十六届人民代表大会第5次会议.
        formats = {
            self.Kind.DIRECTOR: _("%(term)s standing committee director meeting no. %(number)s"),
            self.Kind.STANDING: _("%(term)s standing committee meeting no. %(number)s"),
            self.Kind.PARTY_GROUP: _("%(term)s standing committee party group meeting no. %(number)s"),
            self.Kind.CONGRESS: _("%(term)s people's congress session no. %(number)s"),
        }
        return formats[self.kind] % {"term": self.term.name, "number": self.number}

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def needs_quorum(self):
        return self.kind in (self.Kind.STANDING, self.Kind.CONGRESS)

    @property
    def quorum(self):
        """More than half of the members must be present."""
        return self.membership // 2 + 1


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    name = models.CharField(_("name"), max_length=30)
    post = models.CharField(_("post"), max_length=50, blank=True, help_text=_("For example 副主任 or 委员."))
    is_member = models.BooleanField(
        _("member"),
        default=True,
        help_text=_("Members count toward the quorum; attending non-members do not."),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField(_("reason for leave"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_member", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "name"], name="attendance_unique_name"),
            models.CheckConstraint(
                condition=~Q(status="leave") | ~Q(reason=""),
                name="attendance_leave_has_reason",
                violation_error_message=_("Give the reason for the leave."),
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.get_status_display()}"


class AgendaItem(BaseModel):
    """An item on a meeting's agenda (议题): what is heard, who answers for it, what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet taken")
        HEARD = "heard", _("Heard")
        DELIBERATED = "deliberated", _("Deliberated")
        ADOPTED = "adopted", _("Adopted")
        REFERRED = "referred", _("Referred")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=150)
    document_title = models.CharField(
        _("report or document heard"),
        max_length=150,
        blank=True,
        help_text=_("For example 关于……情况的报告."),
    )
    presenter = models.CharField(_("presented by"), max_length=60, blank=True)
    responsible_body = models.ForeignKey(
        "core.Unit",
        verbose_name=_("responsible working committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "committee_body"},
    )
    document = models.FileField(_("document"), upload_to=upload_path, max_length=200, blank=True)
    document_name = models.CharField(_("file name"), max_length=150, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(pgettext_lazy("agenda item", "notes"), blank=True)
    # What the item is about; at most one of these is usually set.
    activity = models.ForeignKey(
        "supervision.Activity",
        verbose_name=_("supervision activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_opinion = models.ForeignKey(
        "supervision.ReviewOpinion",
        verbose_name=_("review opinion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suggestion_year = models.PositiveSmallIntegerField(
        _("suggestions of the year"),
        null=True,
        blank=True,
        help_text=_("For a report on how the suggestions of a year were handled."),
    )
    suggestion_session = models.ForeignKey(
        "core.Session",
        verbose_name=_("suggestions of the session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot = models.ForeignKey(
        "dashboard.Snapshot",
        verbose_name=_("dashboard figures"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Minutes(BaseModel):
    """The minutes (会议纪要) of a meeting: drafted, approved by a director, archived."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        ARCHIVED = "archived", _("Archived")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    number = models.CharField(_("document number"), max_length=40, blank=True)
    body = models.TextField(_("minutes"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.meeting)


class Decision(BaseModel):
    """A resolution or decision (决议决定) adopted by a meeting."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RESOLUTION = "resolution", _("Resolution")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    number = models.CharField(
        _("document number"), max_length=40, blank=True, help_text=_("For example 吉人常发〔2020〕5号.")
    )
    title = models.CharField(_("title"), max_length=150)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    adopted_on = models.DateField(_("adopted on"), db_index=True)
    text = models.TextField(_("full text"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    status_note = models.CharField(_("note on the status"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:decision_detail", args=[self.pk])


class FollowUpTask(BaseModel):
    """What a decision asks a unit to do, by a deadline; it joins the unit's queue and the reminders."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        REPORTED = "reported", _("Reported by the unit")
        DONE = "done", _("Done")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="tasks"
    )
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what is asked"))
    due = models.DateField(_("due"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    report = models.TextField(_("unit's report"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return f"{self.decision} · {self.unit}"


class MajorReport(BaseModel):
    """A request or report on a major matter to the county party committee (重大事项请示报告)."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request for instructions")
        REPORT = "report", _("Report")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=150)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    body = models.TextField(_("text"), blank=True)
    sent_on = models.DateField(_("sent on"), db_index=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("major-matter report")
        verbose_name_plural = _("major-matter reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_received_on__isnull=True) | Q(reply_received_on__gte=models.F("sent_on")),
                name="major_report_reply_after_sending",
                violation_error_message=_("The reply cannot come before the report was sent."),
            )
        ]

    def __str__(self):
        return self.subject


class PartyDocument(BaseModel):
    """A county party committee document on congress work (通知, 实施意见 ...), kept for reference."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        OPINION = "opinion", _("Implementation opinions")
        PLAN = "plan", _("Plan")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=150)
    issued_on = models.DateField(_("issued on"), db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("party committee document")
        verbose_name_plural = _("party committee documents")

    def __str__(self):
        return self.title


class Appointment(BaseModel):
    """An election, appointment or removal (人事任免) adopted by a meeting."""

    class Kind(models.TextChoices):
        ELECT = "elect", _("Elected")
        APPOINT = "appoint", _("Appointed")
        REMOVE = "remove", _("Removed from post")
        RESIGN = "resign", _("Resignation accepted")
        DISMISS = "dismiss", _("Dismissed")

    STARTS = (Kind.ELECT, Kind.APPOINT)

    person = models.CharField(_("person"), max_length=30, db_index=True)
    post = models.CharField(_("post"), max_length=80)
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("adopted by"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"), db_index=True)
    votes_cast = models.PositiveSmallIntegerField(_("votes cast"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    sworn_on = models.DateField(_("took the constitutional oath on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("appointment or removal")
        verbose_name_plural = _("appointments and removals")

    def __str__(self):
        return f"{self.get_kind_display()} {self.person} {self.post}"


class GuidanceAssignment(BaseModel):
    """Which deputy director guides which township's congress work (包联乡镇)."""

    township = models.OneToOneField(
        "core.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="guidance"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guiding director"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.DateField(_("since"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["township"]
        verbose_name = _("township guidance")
        verbose_name_plural = _("township guidance")

    def __str__(self):
        return f"{self.township} · {self.leader}"


class TownshipCadre(BaseModel):
    """A township congress chairman (人大主席), vice chairman or full-time staff member."""

    class Role(models.TextChoices):
        CHAIRMAN = "chairman", _("Chairman of the township congress")
        VICE_CHAIRMAN = "vice_chairman", _("Vice chairman")
        STAFF = "staff", _("Full-time staff")

    township = models.ForeignKey(
        "core.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="congress_cadres"
    )
    name = models.CharField(_("name"), max_length=30)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["township", "role", "name"]
        verbose_name = _("township congress cadre")
        verbose_name_plural = _("township congress cadres")

    def __str__(self):
        return f"{self.township} {self.get_role_display()} {self.name}"


class GuidanceVisit(BaseModel):
    """A guidance visit to a township, or an exchange meeting (经验交流会) on township congress work."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Guidance visit")
        EXCHANGE = "exchange", _("Exchange meeting")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    township = models.ForeignKey(
        "core.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance_visits",
        help_text=_("Empty for an exchange meeting of every township."),
    )
    date = models.DateField(_("date"), db_index=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("led by"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=150)
    notes = models.TextField(_("what was found and agreed"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("guidance visit")
        verbose_name_plural = _("guidance visits")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.subject}"
