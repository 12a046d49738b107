"""Deputies of every level who work in the county, their mandates, and training."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


class Level(models.TextChoices):
    # A context keeps these apart from the same English words used for places ("Township" = 乡).
    NATIONAL = "national", pgettext_lazy("deputy level", "National")
    PROVINCIAL = "provincial", pgettext_lazy("deputy level", "Provincial")
    MUNICIPAL = "municipal", pgettext_lazy("deputy level", "Municipal")
    COUNTY = "county", pgettext_lazy("deputy level", "County")
    TOWNSHIP = "township", pgettext_lazy("deputy level", "Township")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Party(models.TextChoices):
    CPC = "cpc", _("Member of the Communist Party of China")
    CPC_PROBATIONARY = "cpc_probationary", _("Probationary member of the Communist Party of China")
    LEAGUE = "league", _("Member of the Communist Youth League")
    DEMOCRATIC = "democratic", _("Member of a democratic party")
    NON_PARTISAN = "non_partisan", _("Non-partisan")
    MASSES = "masses", _("Ordinary citizen")


def initials_of(name: str) -> str:
    """Pinyin initials used for quick search: 张三 -> zs."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


class DeputyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Deputy.Status.ACTIVE)

    def holding(self, level: str):
        return self.filter(mandates__level=level).distinct()


class Deputy(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESIGNED = "resigned", _("Resigned")
        TERMINATED = "terminated", _("Mandate terminated")

    name = models.CharField(_("name"), max_length=30, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=30, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    party = models.CharField(_("political affiliation"), max_length=20, choices=Party.choices, blank=True)
    constituency = models.CharField(_("constituency"), max_length=60, blank=True)
    township = models.ForeignKey(
        "core.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputies",
        help_text=_("The township whose delegation the deputy belongs to."),
    )
    occupation = models.CharField(_("workplace and post"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_date = models.DateField(_("status date"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
    )

    history = HistoricalRecords()
    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["name_initials", "name", "pk"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        permissions = [
            ("view_all_deputies", _("Can see every deputy and duty record")),
            ("manage_deputies", _("Can add and edit deputies, mandates and trainings")),
            ("import_deputies", _("Can import and export the roster")),
            ("create_deputy_accounts", _("Can create sign-in accounts for deputies")),
        ]
        indexes = [
            models.Index(fields=["status", "township"], name="deputy_status_township_idx"),
            models.Index(fields=["name", "birth_date"], name="deputy_name_birth_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(status_date__isnull=False),
                name="deputy_inactive_has_date",
                violation_error_message=_("A deputy who is no longer active needs the date of the change."),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A denormalised search key of the name, kept in step wherever the row is written.
        self.name_initials = initials_of(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("deputies:detail", args=[self.pk])

    @property
    def level_codes(self) -> list[str]:
        """Levels held, highest first (uses prefetched mandates when present)."""
        order = list(Level.values)
        return sorted({m.level for m in self.mandates.all()}, key=order.index)

    @property
    def level_labels(self) -> list[str]:
        labels = dict(Level.choices)
        return [str(labels[code]) for code in self.level_codes]


class Mandate(BaseModel):
    """One level at which a person is a deputy, in one term."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="mandates"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    term = models.ForeignKey(
        "core.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="mandates"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["deputy", "level"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(fields=["deputy", "level", "term"], name="mandate_unique_level_term"),
        ]
        indexes = [models.Index(fields=["level", "term"], name="mandate_level_term_idx")]

    def __str__(self):
        return f"{self.deputy} · {self.get_level_display()} · {self.term}"


class Training(BaseModel):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Induction training")
        DUTY = "duty", _("Duty performance training")
        TOPICAL = "topical", _("Topical training")

    class Where(models.TextChoices):
        LOCAL = "local", _("Local")
        AWAY = "away", _("Away")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    where = models.CharField(_("local or away"), max_length=10, choices=Where.choices, default=Where.LOCAL)
    place = models.CharField(_("place"), max_length=60, help_text=_("For example 吉县, 贵州 or 深圳."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    organiser = models.CharField(_("organiser"), max_length=100, blank=True)
    term = models.ForeignKey(
        "core.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="trainings"
    )
    attendees = models.ManyToManyField(
        Deputy, verbose_name=_("attendees"), through="Attendance", related_name="trainings", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_ends_after_start",
                violation_error_message=_("A training cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deputies:training_detail", args=[self.pk])


class Attendance(models.Model):
    training = models.ForeignKey(Training, verbose_name=_("training"), on_delete=models.CASCADE)
    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["training", "deputy"], name="attendance_once")]

    def __str__(self):
        return f"{self.deputy} · {self.training}"


class Campaign(BaseModel):
    """A campaign the deputies join behind a call of the county party committee (代表行动), e.g.
    苹果示范园建设, 城乡环境大整洁 or 助力旅发大会 (党委有号召、人大有行动)."""

    title = models.CharField(_("title"), max_length=120)
    call = models.TextField(_("what deputies are asked to do"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    participants = models.ManyToManyField(
        Deputy, verbose_name=_("deputies taking part"), related_name="campaigns", blank=True
    )

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deputies:campaign_detail", args=[self.pk])


def campaign_photo_path(instance, filename):
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"campaigns/{instance.campaign_id}/{uuid.uuid4().hex}.{ending}"


class CampaignEntry(BaseModel):
    """What one deputy did for a campaign on a day, with an optional photo."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="entries"
    )
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="campaign_entries"
    )
    date = models.DateField(_("date"), db_index=True)
    text = models.TextField(_("what was done"))
    photo = models.ImageField(_("photo"), upload_to=campaign_photo_path, max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("campaign entry")
        verbose_name_plural = _("campaign entries")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.deputy} · {self.campaign}"
