"""Dashboard snapshots: the director meeting's figures frozen on a day, so meeting papers never change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import BaseModel


class Snapshot(BaseModel):
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    term = models.ForeignKey(
        "core.Term", verbose_name=_("term"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_on = models.DateField(_("figures as of"))
    figures = models.JSONField(_("figures"), help_text=_("The dashboard's figures as they were on that day."))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self):
        return f"{self.title} ({self.taken_on:%Y-%m-%d})"
