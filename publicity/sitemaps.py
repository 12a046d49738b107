"""Sitemap sections of the public portal (joined in renda/urls.py): only what the portal shows."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from publicity import portal_selectors as sel
from publicity.selectors import public_periodicals


class PortalPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "public:home",
            "public:news",
            "public:periodicals",
            "public:videos",
            "public:deputies",
            "public:results",
        ]

    def location(self, item):
        return reverse(item)


class _PublicPageSitemap(Sitemap):
    """Rows that have a page of their own on the portal (get_public_url)."""

    def location(self, item):
        return item.get_public_url()

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(_PublicPageSitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return (
            sel.portal_articles()
            .select_related(None)
            .only("pk", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )


class ColumnSitemap(_PublicPageSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return sel.portal_columns().only("pk", "slug", "updated_at")


class PeriodicalSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return public_periodicals().only("pk", "updated_at")

    def location(self, item):
        return reverse("public:periodical", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class ResultSitemap(_PublicPageSitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return sel.portal_results().prefetch_related(None).order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.published_at


class DeputySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 5000

    def items(self):
        return sel.filter_deputies(sel.portal_deputies()).prefetch_related(None)

    def location(self, item):
        return reverse("public:deputy", args=[item.pk])


SITEMAPS = {
    "portal": PortalPagesSitemap,
    "articles": ArticleSitemap,
    "columns": ColumnSitemap,
    "periodicals": PeriodicalSitemap,
    "results": ResultSitemap,
    "deputies": DeputySitemap,
}
