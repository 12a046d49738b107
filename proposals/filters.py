"""Filters of the suggestion ledger: state, units, category, deputy, delegation, session or recess,
year, overdue, key suggestions, date ranges and a keyword.

The same FilterSet serves the ledger page, its print view and the .xlsx export, so that what is
printed or exported is exactly what the page lists.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.ledger import ON_TIME, REPLIED, recess_label
from proposals.models import (
    Category,
    CoHandling,
    Consultation,
    Cosignature,
    Outcome,
    Satisfaction,
    State,
    Suggestion,
)
from renda.core.models import Session, Term, Township, Unit
from renda.core.params import ID_MAX, SearchFilter, parse_int

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A ticked box sends "1", which the filter's NullBooleanField reads as True (a bare "on" is None).
CHECKBOX = forms.CheckboxInput(attrs={"value": "1"})


def session_choices(years):
    """Every session of every term, then each year's recess (闭会期间), newest first."""
    sessions = Session.objects.select_related("term").order_by("-term__number", "-number")
    return [
        *((f"s{s.pk}", f"{s.term.name}{s.name}") for s in sessions),
        *((f"y{year}", recess_label(year)) for year in years),
    ]


class LedgerFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Keyword"), method="filter_keyword", max_length=50)
    state = django_filters.MultipleChoiceFilter(
        label=_("State"), choices=[c for c in State.choices if c[0] != State.DRAFT]
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (lead or co-handling)"),
        queryset=Unit.objects.all(),
        method="filter_unit",
        empty_label=_("All units"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All categories")
    )
    deputy = SearchFilter(label=_("Deputy (lead or co-signer)"), method="filter_deputy", max_length=30)
    delegation = django_filters.ModelChoiceFilter(
        label=_("Delegation"), queryset=Township.objects.all(), empty_label=_("All delegations")
    )
    session = django_filters.ChoiceFilter(
        label=_("Session"),
        choices=[],  # set per request in __init__
        method="filter_session",
        empty_label=_("All sessions and recesses"),
    )
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], empty_label=_("Any year"))
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue", widget=CHECKBOX)
    key = django_filters.BooleanFilter(
        label=_("Key suggestions (重点督办) only"), method="filter_key", widget=CHECKBOX
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="date__gte", widget=DATE_INPUT
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted until"), field_name="submitted_at", lookup_expr="date__lte", widget=DATE_INPUT
    )
    assigned_from = django_filters.DateFilter(
        label=_("Assigned from"), field_name="assigned_at", lookup_expr="gte", widget=DATE_INPUT
    )
    assigned_to = django_filters.DateFilter(
        label=_("Assigned until"), field_name="assigned_at", lookup_expr="lte", widget=DATE_INPUT
    )
    replied_from = django_filters.DateFilter(
        label=_("Replied from"), field_name="replied_at", lookup_expr="gte", widget=DATE_INPUT
    )
    replied_to = django_filters.DateFilter(
        label=_("Replied until"), field_name="replied_at", lookup_expr="lte", widget=DATE_INPUT
    )
    # Filters behind the dashboard's figures (its links set them; the page keeps them in the query).
    term = django_filters.ModelChoiceFilter(
        label=_("Term"), queryset=Term.objects.all(), empty_label=_("All terms")
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("Lead unit"), queryset=Unit.objects.all(), empty_label=_("All units")
    )
    assigned = django_filters.BooleanFilter(
        label=_("Assigned only"), method="filter_assigned", widget=CHECKBOX
    )
    replied = django_filters.BooleanFilter(label=_("Replied only"), method="filter_replied", widget=CHECKBOX)
    on_time = django_filters.BooleanFilter(
        label=_("Replied on time only"), method="filter_on_time", widget=CHECKBOX
    )
    consulted = django_filters.BooleanFilter(
        label=_("With a consultation (面商) only"), method="filter_consulted", widget=CHECKBOX
    )
    rated = django_filters.BooleanFilter(label=_("Rated only"), method="filter_rated", widget=CHECKBOX)
    satisfaction = django_filters.MultipleChoiceFilter(label=_("Satisfaction"), choices=Satisfaction.choices)
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome category"), choices=Outcome.choices, empty_label=_("Any category")
    )
    rehandled = django_filters.BooleanFilter(
        label=_("Handled again only"), method="filter_rehandled", widget=CHECKBOX
    )

    # Filters shown under "More filters"; the others are always in view.
    MORE = (
        "category",
        "deputy",
        "delegation",
        "year",
        "submitted_from",
        "submitted_to",
        "assigned_from",
        "assigned_to",
        "replied_from",
        "replied_to",
    )

    class Meta:
        model = Suggestion
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # The years with suggestions, read once for both the session and the year choices.
        years = list(Suggestion.objects.order_by("-year").values_list("year", flat=True).distinct())
        self.filters["session"].extra["choices"] = session_choices(years)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.SelectMultiple):
                widget.attrs.update({"class": "form-select form-select-sm", "size": 5})
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = _("Title, content or number")
        self.form.fields["deputy"].widget.attrs["placeholder"] = _("Name or initials, e.g. fzg")

    def filter_queryset(self, queryset):
        """Apply every filter; keep the rows before the state filter for the counts by state."""
        cleaned = self.form.cleaned_data
        for name, value in cleaned.items():
            if name != "state":
                queryset = self.filters[name].filter(queryset, value)
        self.without_state = queryset
        return self.filters["state"].filter(queryset, cleaned.get("state"))

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(title__icontains=value) | Q(content__icontains=value)
        if (number := parse_int(value, low=1, high=ID_MAX)) is not None:
            match |= Q(number=number)
        return queryset.filter(match)

    def filter_unit(self, queryset, name, value):
        cohandled = CoHandling.objects.filter(suggestion=OuterRef("pk"), unit=value)
        return queryset.filter(Q(lead_unit=value) | Exists(cohandled))

    def filter_deputy(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        by_name = Q(deputy__name__icontains=value) | Q(deputy__name_initials__icontains=value.lower())
        cosigned = Cosignature.objects.filter(
            by_name, suggestion=OuterRef("pk"), state=Cosignature.State.CONFIRMED
        )
        return queryset.filter(
            Q(lead_deputy__name__icontains=value)
            | Q(lead_deputy__name_initials__icontains=value.lower())
            | Exists(cosigned)
        )

    def filter_session(self, queryset, name, value):
        kind, rest = value[:1], value[1:]
        if not rest.isdigit():
            return queryset
        if kind == "s":
            return queryset.filter(session_id=int(rest))
        return queryset.filter(session__isnull=True, year=int(rest))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(today=self.today) if value else queryset

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key=True) if value else queryset

    def filter_assigned(self, queryset, name, value):
        return queryset.filter(assigned_at__isnull=False) if value else queryset

    def filter_replied(self, queryset, name, value):
        return queryset.filter(REPLIED) if value else queryset

    def filter_on_time(self, queryset, name, value):
        return queryset.filter(ON_TIME) if value else queryset

    def filter_consulted(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Consultation.objects.filter(suggestion=OuterRef("pk"))))

    def filter_rated(self, queryset, name, value):
        return queryset.exclude(satisfaction="") if value else queryset

    def filter_rehandled(self, queryset, name, value):
        return queryset.filter(rehandling_rounds__gt=0) if value else queryset

    @property
    def more_active(self) -> bool:
        """Whether a filter under "More filters" is in use, so that the section opens by itself."""
        data = getattr(self.form, "cleaned_data", {})
        return any(data.get(name) not in (None, "", [], False) for name in self.MORE)

    def summary(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for the print view's heading."""
        return [(label, shown) for _name, label, shown in self.in_use()]

    def in_use(self) -> list[tuple[str, str, str]]:
        """(name, label, value shown) of each filter in use."""
        data = getattr(self.form, "cleaned_data", {})
        items = []
        for name, field in self.form.fields.items():
            value = data.get(name)
            if value in (None, "", [], False):
                continue
            if isinstance(value, list):  # the states, the satisfaction ratings
                labels = dict(field.choices)
                shown = "、".join(str(labels.get(v, v)) for v in value)
            elif hasattr(field, "choices") and not hasattr(field, "queryset"):
                shown = str(dict(field.choices).get(value, dict(field.choices).get(str(value), value)))
            elif value is True:
                shown = str(_("yes"))
            elif hasattr(value, "isoformat"):
                shown = value.strftime("%Y-%m-%d")
            else:
                shown = str(value)
            items.append((name, str(field.label), shown))
        return items
