"""Renda's URL map; the paths of DESIGN.md that people and scripts rely on."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from meetings.sitemaps import SITEMAPS as COMMITTEE_SITEMAPS
from publicity.sitemaps import SITEMAPS as PUBLICITY_SITEMAPS
from renda.core.views import favicon, healthz, robots_txt

admin.site.site_header = _("Renda administration")
admin.site.site_title = _("Renda")
admin.site.index_title = _("Reference data and accounts")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:home", permanent=False)),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page names; send them to the icon.
    path("favicon.ico", favicon),
    path("robots.txt", robots_txt),
    path("accounts/", include("renda.accounts.urls")),
    path("core/", include("renda.core.urls")),
    path("deputies/", include("deputies.urls")),
    path("liaison/", include("liaison.urls")),
    path("proposals/", include("proposals.urls")),
    path("supervision/", include("supervision.urls")),
    path("publicity/", include("publicity.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("meetings/", include("meetings.urls")),
    path(
        "public/sitemap.xml",
        sitemap,
        {"sitemaps": {**PUBLICITY_SITEMAPS, **COMMITTEE_SITEMAPS}},
        name="sitemap",
    ),
    path("public/committee/", include("meetings.public_urls")),
    path("public/", include("publicity.portal_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "renda.core.errors.permission_denied"
handler404 = "renda.core.errors.page_not_found"
handler500 = "renda.core.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
