"""Error pages in the user's language; the 500 and 503 pages render without touching the database."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    # The public portal's visitors have no account: their 404 leads back to the portal, not to a login.
    template = "public/404.html" if request.path.startswith("/public/") else "404.html"
    return render(request, template, status=404)


RETRY_AFTER_SECONDS = 30


def database_unreachable(exc: BaseException | None) -> bool:
    """Whether an error means the database cannot be reached now (down, restarting, refusing clients),
    as opposed to a fault of the request or the code."""
    while exc is not None:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        if isinstance(exc, DatabaseError):
            return False
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    # No context processors: whatever broke may be the database they read.
    if database_unreachable(sys.exc_info()[1]):
        # Not the user's fault nor a bug to report: the page says to wait, and the next request,
        # once the database is back, reconnects by itself.
        page = loader.get_template("503.html").render({"request": request})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({"request": request}))
