"""The director meeting's dashboards."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from renda.dashboard.selectors import reference_overview


@login_required
@permission_required("accounts.view_dashboards", raise_exception=True)
def index(request):
    return render(request, "dashboard/index.html", {"overview": reference_overview()})
