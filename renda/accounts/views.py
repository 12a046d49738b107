"""Views of the accounts app: the password page and the home page of each role."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.accounts.forms import OwnPasswordChangeForm
from renda.accounts.roles import Role
from renda.core.calendar import calendar_warning
from renda.core.registry import registry
from renda.core.selectors import current_term, notifications_of

PASSWORD_CHANGED = _("Your password has been changed.")

HOME_TEMPLATES = {
    Role.ADMIN: "accounts/home_staff.html",
    Role.STAFF: "accounts/home_staff.html",
    Role.DIRECTOR: "accounts/home_director.html",
    Role.DEPUTY: "accounts/home_deputy.html",
    Role.UNIT: "accounts/home_unit.html",
}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


@login_required
def home(request):
    """Each role lands on its own page: what waits for them, and the way to their work."""
    user = request.user
    role = user.primary_role
    context = {
        "role": role,
        "queue": registry.queue_for(user),
        "recent_notifications": notifications_of(user)[:5],
        "term": current_term(),
    }
    if role in (Role.ADMIN, Role.STAFF):
        context["calendar_warning"] = calendar_warning(today=timezone.localdate())
    template = HOME_TEMPLATES.get(role, "accounts/home_none.html")
    return render(request, template, context)
