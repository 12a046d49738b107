"""Forms of the deputies app; every message sits at the field it is about."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy, Level, Training
from deputies.validators import (
    BAD_PHONE,
    FUTURE_BIRTH_DATE,
    is_valid_phone,
    normalise_name,
    normalise_phone,
)
from renda.core.models import Term, Township
from renda.core.versions import VersionedForm
from renda.core.xlsx import WorkbookError, read_rows

INACTIVE_NEEDS_DATE = _("Give the date on which the deputy resigned or the mandate was terminated.")
NO_CURRENT_TERM_FOR_LEVELS = _(
    "No current term is set, so the levels cannot be recorded. An administrator must mark the current term."
)
CHOOSE_A_LEVEL = _("Tick at least one level.")
TRAINING_ENDS_BEFORE_START = _("A training cannot end before it starts.")
CHOOSE_DEPUTIES = _("Tick at least one deputy.")
NAME_REQUIRED = _("Enter the name.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DeputyForm(VersionedForm, forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Levels held in the current term"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CHOOSE_A_LEVEL},
    )

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "party",
            "levels",
            "constituency",
            "township",
            "occupation",
            "phone",
            "status",
            "status_date",
            "status_reason",
        ]
        widgets = {"birth_date": DateInput(), "status_date": DateInput()}
        labels = {"name": _("Full name")}
        help_texts = {"phone": _("A mobile number, or a landline such as 0357-7922345.")}

    def __init__(self, *args, term: Term | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term
        township = self.fields["township"]
        township.queryset = Township.objects.filter(Q(is_active=True) | Q(pk=self.instance.township_id))
        if self.instance.pk and term is not None and not self.is_bound:
            self.initial["levels"] = self._levels_of(self.instance)
        if term is not None:
            self.fields["levels"].label = _("Levels held in %(term)s") % {"term": term.name}

    def _levels_of(self, deputy: Deputy) -> list[str]:
        return list(deputy.mandates.filter(term=self.term).values_list("level", flat=True))

    def show_current(self, current, **kwargs):
        super().show_current(current, **kwargs)
        # The levels are the deputy's mandates, not a field of the row: shown as saved too.
        if self.term is not None:
            self.initial["levels"] = self._levels_of(current)

    def clean_name(self):
        name = normalise_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            raise forms.ValidationError(FUTURE_BIRTH_DATE)
        return birth_date

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone"))
        if phone and not is_valid_phone(phone):
            raise forms.ValidationError(BAD_PHONE % {"value": phone})
        return phone

    def clean_levels(self):
        if self.term is None:
            raise forms.ValidationError(NO_CURRENT_TERM_FOR_LEVELS)
        return self.cleaned_data["levels"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        inactive = status and status != Deputy.Status.ACTIVE
        if inactive and not cleaned.get("status_date") and "status_date" not in self.errors:
            self.add_error("status_date", INACTIVE_NEEDS_DATE)
        return cleaned

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("levels", "version")}


class TrainingForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "kind", "where", "place", "start_date", "end_date", "organiser", "term"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", TRAINING_ENDS_BEFORE_START)
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx)"),
        help_text=_("The committee's roster with the headers of the template; extra columns are ignored."),
    )

    def clean_file(self):
        """Read the workbook once, bounded (size, zip bomb, rows, cell length) before any of it is
        kept: `rows` go to the check, `data_bytes` to the session for the confirmation."""
        upload = self.cleaned_data["file"]
        try:
            self.rows = read_rows(upload)
        except WorkbookError as exc:
            raise forms.ValidationError(exc.message) from exc
        upload.seek(0)
        self.data_bytes = upload.read()
        return upload


class DeputyChoiceForm(forms.Form):
    """Ticks on a list of deputies, e.g. those who get an account."""

    deputies = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CHOOSE_DEPUTIES},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = queryset


class AttendanceForm(forms.Form):
    """Who attended, among the deputies shown on the page (the others are left as they are)."""

    shown = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.none(), widget=forms.MultipleHiddenInput, required=False
    )
    attendees = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown"].queryset = queryset
        self.fields["attendees"].queryset = queryset
