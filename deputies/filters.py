"""Filters of the roster and of the training list."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy, Level, Mandate, Training
from deputies.selectors import name_search
from renda.core.models import Term, Township
from renda.core.params import SearchFilter


class DeputyFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Name or initials"), method="filter_q", max_length=30)
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, method="filter_mandate", empty_label=_("All levels")
    )
    township = django_filters.ModelChoiceFilter(
        label=_("Township or town"), queryset=Township.objects.all(), empty_label=_("All townships")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Deputy.Status.choices, empty_label=_("Any status")
    )
    term = django_filters.ModelChoiceFilter(
        label=_("Term"), queryset=Term.objects.all(), method="filter_mandate", empty_label=_("All terms")
    )

    class Meta:
        model = Deputy
        fields = ["q", "level", "township", "status", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": _("Name or initials, e.g. zs"), "class": "form-control"}
        )
        for name in ("level", "township", "status", "term"):
            self.form.fields[name].widget.attrs["class"] = "form-select"

    def filter_q(self, queryset, name, value):
        return queryset.filter(name_search(value)) if value.strip() else queryset

    def filter_mandate(self, queryset, name, value):
        # Level and term filter one and the same mandate: "county deputy in the 16th term".
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        level = self.form.cleaned_data.get("level")
        term = self.form.cleaned_data.get("term")
        if level or term:
            mandates = Mandate.objects.filter(deputy=OuterRef("pk"))
            if level:
                mandates = mandates.filter(level=level)
            if term:
                mandates = mandates.filter(term=term)
            queryset = queryset.filter(Exists(mandates))
        return queryset


class TrainingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Training.Kind.choices, empty_label=_("All kinds")
    )
    where = django_filters.ChoiceFilter(
        label=_("Local or away"), choices=Training.Where.choices, empty_label=_("Local and away")
    )
    term = django_filters.ModelChoiceFilter(
        label=_("Term"), queryset=Term.objects.all(), empty_label=_("All terms")
    )

    class Meta:
        model = Training
        fields = ["kind", "where", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"
