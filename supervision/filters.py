"""Filters of the rectification ledger: year, topic, unit, state and overdue."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.models import Unit
from supervision.models import RectificationItem, Topic
from supervision.workflow import OPEN_ITEM_STATES


def _years():
    years = Topic.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(y, str(y)) for y in years]


class LedgerFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="opinion__activity__topic__year",
        choices=_years,
        empty_label=_("Any year"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="opinion__activity__topic",
        queryset=Topic.objects.all(),
        empty_label=_("All topics"),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        queryset=Unit.objects.filter(rectification_items__isnull=False).distinct(),
        empty_label=_("All units"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=RectificationItem.State.choices, empty_label=_("Any state")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("1", _("Overdue only"))],
        method="filter_overdue",
        empty_label=_("Any deadline"),
    )

    extension = django_filters.ChoiceFilter(
        label=_("Extension"),
        choices=[("1", _("Extension asked for"))],
        method="filter_extension",
        empty_label=_("Any"),
    )

    class Meta:
        model = RectificationItem
        fields = ["year", "topic", "unit", "state", "overdue", "extension"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else ""
            field.widget.attrs.setdefault("class", css or "form-control form-control-sm")

    def filter_overdue(self, queryset, name, value):
        if value == "1":
            return queryset.filter(state__in=OPEN_ITEM_STATES, deadline__lt=timezone.localdate())
        return queryset

    def filter_extension(self, queryset, name, value):
        if value == "1":
            return queryset.filter(extension_deadline__isnull=False)
        return queryset
