"""Error pages in the user's language; the 500 page renders without touching the database."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    # The public portal's visitors have no account: their 404 leads back to the portal, not to a login.
    template = "public/404.html" if request.path.startswith("/public/") else "404.html"
    return render(request, template, status=404)


def server_error(request):
    # No context processors: whatever broke may be the database they read.
    return HttpResponseServerError(loader.get_template("500.html").render({"request": request}))
