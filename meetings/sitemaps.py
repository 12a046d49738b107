"""Sitemap sections of the committee's published decisions and appointments (joined in renda/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from meetings.public_views import published_appointments, published_decisions


class DecisionSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return published_decisions().order_by("-adopted_on", "-pk")

    def location(self, item):
        return reverse("public_committee:decision_detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CommitteeListSitemap(Sitemap):
    """The two public lists; an appointment has no page of its own."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ["public_committee:decision_list", "public_committee:appointment_list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        rows = published_decisions() if item.endswith("decision_list") else published_appointments()
        return rows.aggregate(last=Max("updated_at"))["last"]


SITEMAPS = {"committee-lists": CommitteeListSitemap, "committee-decisions": DecisionSitemap}
