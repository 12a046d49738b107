"""The committee's published decisions and appointments on the anonymous public portal.

Open to everyone (no login); only rows marked published are read, so an unpublished decision
answers 404 exactly like a missing one. Nothing of the internal registers (township cadres and
their phones, major-matter reports, party documents) is read here.
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from meetings.models import Appointment, Decision
from renda.core.models import Unit
from renda.core.viewhelpers import paginate, query_without_page

PAGE_SIZE = 20


def published_decisions():
    return Decision.objects.filter(is_published=True).select_related("meeting__term")


def published_appointments():
    return Appointment.objects.filter(is_published=True).select_related("unit", "meeting__term")


def _year_choices(queryset, field):
    years = sorted({d.year for d in queryset.dates(field, "year")}, reverse=True)
    return [("", _("Any year")), *((str(y), str(y)) for y in years)]


class DecisionFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(published_decisions(), "adopted_on")
        self.fields["year"].widget.attrs["class"] = "form-select"


class AppointmentFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(label=_("Unit of the post"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(published_appointments(), "date")
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=Appointment.objects.filter(is_published=True).values("unit")
        )
        self.fields["unit"].empty_label = _("Every unit")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


@require_safe
def decision_list(request):
    form = DecisionFilter(request.GET or None)
    decisions = published_decisions()
    if form.is_valid() and form.cleaned_data["year"]:
        decisions = decisions.filter(adopted_on__year=form.cleaned_data["year"])
    return render(
        request,
        "public_committee/decision_list.html",
        {
            "form": form,
            "page_obj": paginate(request, decisions, PAGE_SIZE),
            "query": query_without_page(request),
        },
    )


@require_safe
def decision_detail(request, pk):
    decision = get_object_or_404(published_decisions(), pk=pk)
    return render(request, "public_committee/decision_detail.html", {"decision": decision})


@require_safe
def appointment_list(request):
    form = AppointmentFilter(request.GET or None)
    rows = published_appointments()
    if form.is_valid():
        if form.cleaned_data["year"]:
            rows = rows.filter(date__year=form.cleaned_data["year"])
        if form.cleaned_data["unit"]:
            rows = rows.filter(unit=form.cleaned_data["unit"])
    return render(
        request,
        "public_committee/appointment_list.html",
        {"form": form, "page_obj": paginate(request, rows, PAGE_SIZE), "query": query_without_page(request)},
    )
