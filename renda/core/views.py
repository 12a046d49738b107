"""Views of the core app: the health check and the user's notifications."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renda.core import params
from renda.core.selectors import notifications_of
from renda.core.services import notifications_mark_read

logger = logging.getLogger(__name__)

SELECTION_UNREADABLE = gettext_lazy("The notifications ticked could not be read; none was marked as read.")


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.error("Health check: database unavailable: %s", exc)
        return "down"
    return "ok"


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "eager"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        logger.error("Health check: broker unavailable: %s", exc)
        return "down"
    return "ok"


@never_cache
def healthz(request):
    """Liveness for load balancers: 200 while the database answers; the broker is reported, not required."""
    database, broker = _database_status(), _broker_status()
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page names; the hashed static name is known only now."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_required
def notification_list(request):
    """The user's notifications, all or only the unread ones (?show=unread)."""
    show = "unread" if request.GET.get("show") == "unread" else "all"
    notes = notifications_of(request.user)
    if show == "unread":
        notes = notes.unread()
    page = Paginator(notes, 20).get_page(request.GET.get("page"))
    query = "show=unread" if show == "unread" else ""
    return render(request, "core/notification_list.html", {"page_obj": page, "show": show, "query": query})


@login_required
@require_POST
def notification_mark_read(request):
    """The notifications ticked (`id`, one or more) marked read, or all unread ones when none is."""
    ids = params.object_ids(request.POST, "id")
    if ids is None:
        messages.error(request, SELECTION_UNREADABLE)
        return redirect("core:notifications")
    count = notifications_mark_read(user=request.user, ids=ids or None)
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("core:notifications")


def robots_txt(request):
    """Crawlers may read the public portal only; the working system is behind its login anyway."""
    sitemap = request.build_absolute_uri("/public/sitemap.xml")
    lines = ["User-agent: *", "Allow: /public/", "Disallow: /", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
