"""Filters of the reception ledger and the opinion ledger."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext_lazy as _

from liaison.models import Opinion, Reception, Station
from renda.core.models import Unit

FIRST_YEAR = 2021  # the 16th term began in October 2021; earlier receptions were kept on paper

MONTHS = sorted(MONTH_NAMES.items())


def _years():
    return [(y, str(y)) for y in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class _SmallWidgets(django_filters.FilterSet):
    """Bootstrap's small controls for every filter, so the bar fits a phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else ""
            field.widget.attrs.setdefault("class", css or "form-control form-control-sm")


class ReceptionFilter(_SmallWidgets):
    station = django_filters.ModelChoiceFilter(
        label=_("Station"), queryset=Station.objects.all(), empty_label=_("All stations")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="date", lookup_expr="year", choices=_years, empty_label=_("Any year")
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"), field_name="date", lookup_expr="month", choices=MONTHS, empty_label=_("Any month")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Reception.State.choices, empty_label=_("Any state")
    )
    period = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("past", _("Past")), ("upcoming", _("Today and later"))],
        method="filter_period",
        empty_label=_("Any time"),
    )

    on_duty = django_filters.ChoiceFilter(
        label=_("On duty"),
        choices=[("me", _("I am on duty"))],
        method="filter_on_duty",
        empty_label=_("Anyone"),
    )

    class Meta:
        model = Reception
        fields = ["station", "year", "month", "state", "period", "on_duty"]

    def __init__(self, *args, deputy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy = deputy
        if deputy is None:
            # Only a deputy has duty days of their own.
            del self.filters["on_duty"]
            self.form.fields.pop("on_duty", None)

    def filter_on_duty(self, queryset, name, value):
        if value == "me" and self.deputy is not None:
            return queryset.filter(
                pk__in=Reception.on_duty.through.objects.filter(deputy=self.deputy).values("reception_id")
            )
        return queryset

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "past":
            return queryset.filter(date__lt=today)
        if value == "upcoming":
            return queryset.filter(date__gte=today)
        return queryset


AWAITING_FEEDBACK = "awaiting_feedback"
# Routed opinions whose last step is telling the resident what became of them.
FEEDBACK_DUE_STATES = [Opinion.State.ANSWERED, Opinion.State.REFERRED, Opinion.State.UNIT_REPLIED]


class OpinionFilter(_SmallWidgets):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[*Opinion.State.choices, (AWAITING_FEEDBACK, _("Awaiting feedback to the resident"))],
        method="filter_state",
        empty_label=_("Any state"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Opinion.Category.choices, empty_label=_("Any category")
    )
    station = django_filters.ModelChoiceFilter(
        label=_("Station"),
        field_name="reception__station",
        queryset=Station.objects.all(),
        empty_label=_("All stations"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.active(), empty_label=_("All units")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="reception__date",
        lookup_expr="year",
        choices=_years,
        empty_label=_("Any year"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("1", _("Overdue only"))],
        method="filter_overdue",
        empty_label=_("Overdue or not"),
    )

    class Meta:
        model = Opinion
        fields = ["state", "category", "station", "unit", "year", "overdue"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.has_perm("liaison.view_liaison") and getattr(user, "unit_id", None):
            # A unit user sees only its own unit's opinions: the unit filter would say nothing.
            del self.filters["unit"]
            self.form.fields.pop("unit", None)

    def filter_state(self, queryset, name, value):
        if value == AWAITING_FEEDBACK:
            return queryset.filter(state__in=FEEDBACK_DUE_STATES)
        return queryset.filter(state=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value == "1":
            return queryset.overdue(today=timezone.localdate())
        return queryset
