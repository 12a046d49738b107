"""Sends a user who must change their password to the password page before anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

MUST_CHANGE_PASSWORD = _("Please choose your own password before you continue.")


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                "/static/",
                "/i18n/",
                "/healthz",
                "/public/",  # the portal is the same for everyone, signed in or not
                "/robots.txt",
            )
            if not request.path.startswith(allowed):
                messages.warning(request, MUST_CHANGE_PASSWORD)
                return redirect("accounts:password_change")
        return self.get_response(request)
