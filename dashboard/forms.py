"""The dashboard's forms: which year and term to show, and the title of a snapshot to take."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.ledger import suggestion_year_span
from renda.core.models import Term

FIRST_YEAR = 2021  # the 16th term began in October 2021


def year_choices() -> list[tuple[int, str]]:
    """This year back to the start of the term, widened to the first and the last year with suggestions
    (one query of two index probes; a year between them without suggestions shows zeros)."""
    first, last = FIRST_YEAR, timezone.localdate().year
    span = suggestion_year_span()
    if span:
        first, last = min(first, span[0]), max(last, span[1])
    return [(y, str(y)) for y in range(last, first - 1, -1)]


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    term = forms.ModelChoiceField(
        label=_("Term"), queryset=Term.objects.order_by("-number"), required=False, empty_label=_("All terms")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def period(self) -> tuple[int, Term | None]:
        """The year and term asked for; this year and all terms when nothing (valid) was asked."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["term"]
        return timezone.localdate().year, None


class SnapshotForm(PeriodForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("For example: figures for the 25th director meeting."),
    )

    field_order = ["title", "year", "term"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["class"] = "form-control form-control-sm"

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the snapshot a title."))
        return title
