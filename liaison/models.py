"""The liaison network: stations and points, deputies' assignments, reception days and opinions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


class Station(BaseModel):
    """A deputies' liaison station (代表联络站)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    township = models.ForeignKey(
        "core.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="stations"
    )
    address = models.CharField(_("address"), max_length=120)
    contact_name = models.CharField(_("contact person"), max_length=30)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    schedule = models.CharField(
        _("reception schedule"), max_length=100, blank=True, help_text=_("For example 每月10日.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        permissions = [
            ("view_liaison", _("Can see every station, reception and opinion")),
            ("manage_liaison", _("Can manage stations, points, assignments and receptions")),
            ("route_opinion", _("Can route constituent opinions and record feedback")),
            ("record_own_reception", _("Can record a reception one attended")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("liaison:station_detail", args=[self.pk])


class Point(BaseModel):
    """A liaison point (联络点) in a village or community, under a station."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="points"
    )
    name = models.CharField(_("name"), max_length=60, unique=True)
    township = models.ForeignKey(
        "core.Township", verbose_name=_("township"), on_delete=models.PROTECT, related_name="points"
    )
    village = models.CharField(_("village or community"), max_length=40)
    address = models.CharField(_("address"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=30, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    schedule = models.CharField(_("reception schedule"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station__sort_order", "name"]
        verbose_name = _("liaison point")
        verbose_name_plural = _("liaison points")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("liaison:point_detail", args=[self.pk])


class Assignment(BaseModel):
    """Where a deputy works with residents (全部进站): one station, and optionally one of its points."""

    deputy = models.OneToOneField(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="assignment"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="assignments"
    )
    point = models.ForeignKey(
        Point,
        verbose_name=_("point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.deputy} → {self.point or self.station}"


class Reception(BaseModel):
    """A reception day (接待选民日): announced ahead, then recorded as held."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="receptions"
    )
    point = models.ForeignKey(
        Point,
        verbose_name=_("point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receptions",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    announced_at = models.DateField(_("announced on"), null=True, blank=True)
    on_duty = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies on duty"), related_name="duty_receptions", blank=True
    )
    present = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies present"), related_name="attended_receptions", blank=True
    )
    residents_received = models.PositiveIntegerField(_("residents received"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[on_duty, present])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        indexes = [
            models.Index(fields=["station", "date"], name="reception_station_date_idx"),
            # Reception days in a state over a period, per station, read from the index alone: the
            # dashboard's days held in a year per station, the staff's past days not yet recorded.
            models.Index(fields=["state", "date", "station"], name="reception_state_date_idx"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.point or self.station}"

    def get_absolute_url(self):
        return reverse("liaison:reception_detail", args=[self.pk])


class OpinionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=[Opinion.State.CLOSED, Opinion.State.TO_SUGGESTION])

    def overdue(self, *, today):
        return self.filter(state=Opinion.State.FORWARDED, due_date__lt=today)


class Opinion(BaseModel):
    """A resident's opinion (群众意见) raised at a reception, routed until feedback closes it."""

    class State(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        ANSWERED = "answered", _("Answered on the spot")
        REFERRED = "referred", _("Referred to the township")
        FORWARDED = "forwarded", _("Forwarded to a unit")
        UNIT_REPLIED = "unit_replied", _("Unit replied")
        TO_SUGGESTION = "to_suggestion", _("To become a suggestion")
        CLOSED = "closed", _("Closed with feedback")

    class Category(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
        ROADS = "roads", _("Roads and transport")
        EDUCATION = "education", _("Education")
        HEALTH = "health", _("Health care")
        SOCIAL = "social", _("Social security and employment")
        HOUSING = "housing", _("Housing and town planning")
        ENVIRONMENT = "environment", _("Environment")
        WATER = "water", _("Water supply and irrigation")
        OTHER = "other", _("Other")

    reception = models.ForeignKey(
        Reception, verbose_name=_("reception day"), on_delete=models.PROTECT, related_name="opinions"
    )
    content = models.TextField(_("content"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    resident_name = models.CharField(_("resident's name"), max_length=30, blank=True)
    resident_contact = models.CharField(_("resident's contact"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=15, choices=State.choices, default=State.RECORDED)
    answer = models.TextField(_("answer given"), blank=True)
    township = models.ForeignKey(
        "core.Township",
        verbose_name=_("referred to township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("forwarded to unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    due_date = models.DateField(_("reply due"), null=True, blank=True)
    unit_reply = models.TextField(_("unit's reply"), blank=True)
    unit_replied_at = models.DateTimeField(_("unit replied at"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the resident"), blank=True)
    feedback_at = models.DateField(_("feedback given on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = OpinionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("constituent opinion")
        verbose_name_plural = _("constituent opinions")
        indexes = [
            models.Index(fields=["state", "due_date"], name="opinion_state_due_idx"),
            models.Index(fields=["unit", "state"], name="opinion_unit_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="forwarded")
                | (models.Q(unit__isnull=False) & models.Q(due_date__isnull=False)),
                name="opinion_forwarded_has_unit_and_due",
                violation_error_message=_(
                    "An opinion forwarded to a unit needs the unit and a reply deadline."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="referred") | models.Q(township__isnull=False),
                name="opinion_referred_has_township",
                violation_error_message=_("An opinion referred to a township needs the township."),
            ),
        ]

    def __str__(self):
        return self.content[:40]

    def get_absolute_url(self):
        return reverse("liaison:opinion_detail", args=[self.pk])
