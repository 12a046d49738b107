"""Publicity (宣传工作): articles in columns, the periodical 《吉县人大》, videos, outside publications
and their correspondents, and the suggestion-handling results published on the public portal."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import BaseModel


def upload_path(instance, filename):
    """Stored under a random name: the file's own name stays in the database, never in a URL to guess."""
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"publicity/{instance._meta.model_name}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ending}"


class Column(BaseModel):
    """A column (栏目 or 专栏) articles appear in, e.g. 工作动态, 疫情防控 吉县人大在行动."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(
        _("address"), max_length=50, unique=True, help_text=_("Used in the public address.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_special = models.BooleanField(
        _("special column"), default=False, help_text=_("A 专栏 on one campaign, shown apart on the portal.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self):
        return self.name

    def get_public_url(self):
        return reverse("public:column", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may read: published, and its publication time has come."""
        now = now or timezone.now()
        return self.filter(state=Article.State.PUBLISHED, published_at__lte=now)


class Article(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNDER_REVIEW = "under_review", _("Under review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=120)
    column = models.ForeignKey(
        Column, verbose_name=_("column"), on_delete=models.PROTECT, related_name="articles"
    )
    summary = models.CharField(
        _("summary"), max_length=200, blank=True, help_text=_("One or two sentences shown in lists.")
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown: headings with #, lists with -, links [text](address).")
    )
    cover = models.ImageField(_("cover image"), upload_to=upload_path, max_length=200, blank=True)
    author = models.CharField(
        _("author"), max_length=50, blank=True, help_text=_("As printed under the title.")
    )
    source = models.CharField(_("source"), max_length=50, blank=True, default="吉县人大常委会办公室")
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A time in the future schedules the publication."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(_("review note"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_publicity", _("Can write articles and keep the publicity registers")),
            ("review_publicity", _("Can review and publish articles")),
        ]
        indexes = [models.Index(fields=["state", "published_at"], name="article_public_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs its publication time."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:article_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("public:article", args=[self.pk])


class PeriodicalIssue(BaseModel):
    """An issue of the committee's periodical 《吉县人大》."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Issue number within the year."))
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("Leave empty for 《吉县人大》.")
    )
    published_on = models.DateField(_("published on"))
    pdf = models.FileField(_("PDF"), upload_to=upload_path, max_length=200)
    pdf_size = models.PositiveIntegerField(_("size"), default=0, editable=False)
    cover = models.ImageField(_("cover image"), upload_to=upload_path, max_length=200, blank=True)
    contents = models.TextField(_("table of contents"), blank=True, help_text=_("One article per line."))
    is_public = models.BooleanField(_("shown on the portal"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("periodical issue")
        verbose_name_plural = _("periodical issues")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="periodical_unique_number")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or _("Jixian Renda, %(year)s no. %(number)s") % {
            "year": self.year,
            "number": self.number,
        }

    def contents_lines(self):
        return [line.strip() for line in self.contents.splitlines() if line.strip()]


class Video(BaseModel):
    class Kind(models.TextChoices):
        FEATURE = "feature", _("Feature on the committee's work")
        MV = "mv", _("Music video")
        NEWS = "news", _("News report")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FEATURE)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("video file"), upload_to=upload_path, max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    poster = models.ImageField(_("poster image"), upload_to=upload_path, max_length=200, blank=True)
    made_on = models.DateField(_("made on"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the portal"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""),
                name="video_has_file_or_link",
                violation_error_message=_("Give the video file or a link to it."),
            )
        ]

    def __str__(self):
        return self.title


class Correspondent(BaseModel):
    """A correspondent (通讯员) who writes about the congress's work for outside outlets."""

    name = models.CharField(_("name"), max_length=30)
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    township = models.ForeignKey(
        "core.Township",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")

    def __str__(self):
        return self.name


class Honour(BaseModel):
    """A yearly honour of a correspondent, e.g. 优秀通讯员."""

    correspondent = models.ForeignKey(
        Correspondent, verbose_name=_("correspondent"), on_delete=models.CASCADE, related_name="honours"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("honour"), max_length=50, default="优秀通讯员")
    awarded_by = models.CharField(_("awarded by"), max_length=80, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "correspondent__name"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(fields=["correspondent", "year", "title"], name="honour_unique_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.title} {self.correspondent}"


class ExternalPublication(BaseModel):
    """An article on the congress's work in an outside outlet (人民代表报, 临汾日报, 学习强国 ...)."""

    outlet = models.CharField(_("outlet"), max_length=50, db_index=True)
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=150)
    link = models.URLField(_("link"), blank=True)
    correspondents = models.ManyToManyField(
        Correspondent, verbose_name=_("correspondents"), related_name="publications"
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("our article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="external_publications",
    )

    history = HistoricalRecords(m2m_fields=[correspondents])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("external publication")
        verbose_name_plural = _("external publications")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.outlet} {self.title}"


class PublishedResult(BaseModel):
    """A suggestion's handling result as published to the public (代表法 Art. 51).

    The summary is written by staff from the unit's reply, so that what the public reads has been
    read by a person first: no resident's name, no phone number, no deputy's contact details.
    """

    suggestion = models.OneToOneField(
        "proposals.Suggestion",
        verbose_name=_("suggestion"),
        on_delete=models.PROTECT,
        related_name="publication",
    )
    summary = models.TextField(_("reply summary"))
    published_at = models.DateTimeField(_("published at"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published handling result")
        verbose_name_plural = _("published handling results")

    def __str__(self):
        return str(self.suggestion)

    def get_public_url(self):
        return reverse("public:result", args=[self.pk])
