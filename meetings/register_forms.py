"""Forms and list filters of the committee's registers and the township guidance.

The rules that span fields (votes, dates against the meeting) are the services' own; their refusals
come back to the form at the field they name.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings import register_selectors as selectors
from meetings.models import (
    Appointment,
    GuidanceVisit,
    MajorReport,
    PartyDocument,
    TownshipCadre,
)
from meetings.register_services import DOCUMENT_ACCEPT, REPLY_BEFORE_SENT, check_document_upload
from renda.core.models import Township, Unit
from renda.core.once import OnceForm
from renda.core.params import SearchFilter
from renda.core.versions import VersionedForm

DOCUMENT_HELP = _("A PDF or Word file of at most 20 MB.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.display_title} ({date_format(meeting.date)})"


class DirectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return str(user)


# Major-matter reports and party documents ----------------------------------------------------------


class MajorReportForm(OnceForm, VersionedForm, forms.ModelForm):
    meeting = MeetingChoice(
        label=_("Meeting"),
        queryset=selectors.linkable_meetings(),
        required=False,
        help_text=_("The meeting that discussed the matter, if any."),
    )

    class Meta:
        model = MajorReport
        fields = ["kind", "subject", "number", "sent_on", "meeting", "body", "reply_received_on", "reply"]
        widgets = {
            "sent_on": DateInput(),
            "reply_received_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 5}),
            "reply": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        sent, replied = cleaned.get("sent_on"), cleaned.get("reply_received_on")
        # At the field, before the table's constraint would say it above the form.
        if sent and replied and replied < sent:
            self.add_error("reply_received_on", REPLY_BEFORE_SENT)
        return cleaned


class ReplyForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = MajorReport
        fields = ["reply_received_on", "reply"]
        widgets = {"reply_received_on": DateInput(), "reply": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_received_on"].required = True


class PartyDocumentForm(OnceForm, VersionedForm, forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=DOCUMENT_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )

    class Meta:
        model = PartyDocument
        fields = ["kind", "number", "title", "issued_on", "summary"]
        widgets = {"issued_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                check_document_upload(upload)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return upload


# Appointments ---------------------------------------------------------------------------------------


class AppointmentForm(OnceForm, VersionedForm, forms.ModelForm):
    meeting = MeetingChoice(label=_("Adopted by"), queryset=selectors.adopting_meetings())
    unit = forms.ModelChoiceField(label=_("Unit of the post"), queryset=Unit.objects.active())

    class Meta:
        model = Appointment
        fields = [
            "kind",
            "person",
            "post",
            "unit",
            "meeting",
            "date",
            "votes_cast",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "sworn_on",
            "is_published",
        ]
        widgets = {"date": DateInput(), "sworn_on": DateInput()}
        help_texts = {
            "votes_cast": _("Leave the votes empty when the meeting voted by show of hands without a count."),
            "is_published": _("Published appointments appear on the public portal."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A unit no longer active stays choosable on the rows that name it.
            self.fields["unit"].queryset = Unit.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.unit_id)
            )


# Township guidance ----------------------------------------------------------------------------------


class GuidanceArrangementForm(forms.Form):
    """One choice of guiding director per active township."""

    since = forms.DateField(
        label=_("Changes take effect on"),
        widget=DateInput(),
        required=False,
        help_text=_("Today when left empty."),
    )

    def __init__(self, *args, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.townships = list(townships)
        leaders = selectors.directors()
        for township in self.townships:
            guidance = selectors.guidance_of(township)
            self.fields[self.field_name(township)] = DirectorChoice(
                label=township.name,
                queryset=leaders,
                required=False,
                empty_label=_("No guiding director"),
                initial=guidance.leader_id if guidance else None,
            )

    @staticmethod
    def field_name(township) -> str:
        return f"township_{township.pk}"

    def leaders(self) -> dict:
        return {t: self.cleaned_data.get(self.field_name(t)) for t in self.townships}


class CadreForm(OnceForm, VersionedForm, forms.ModelForm):
    township = forms.ModelChoiceField(label=_("Township or town"), queryset=Township.objects.active())

    class Meta:
        model = TownshipCadre
        fields = ["township", "role", "name", "phone", "since", "is_current"]
        widgets = {"since": DateInput()}
        help_texts = {"phone": _("For the committee's own use; never shown on the public portal.")}


class VisitForm(OnceForm, VersionedForm, forms.ModelForm):
    township = forms.ModelChoiceField(
        label=_("Township or town"),
        queryset=Township.objects.active(),
        required=False,
        help_text=_("Empty for an exchange meeting of every township."),
    )
    leader = DirectorChoice(label=_("Led by"), queryset=selectors.directors())

    class Meta:
        model = GuidanceVisit
        fields = ["kind", "township", "date", "leader", "subject", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}


# List filters ---------------------------------------------------------------------------------------


def _year_choices(queryset, field):
    def choices():
        return [(y, str(y)) for y in selectors.years_of(queryset, field)]

    return choices


def _year_filter(model, field):
    return django_filters.ChoiceFilter(
        label=_("Year"),
        field_name=f"{field}__year",
        choices=_year_choices(model.objects.all(), field),
        empty_label=_("Any year"),
    )


def _kind_filter(model):
    return django_filters.ChoiceFilter(label=_("Kind"), choices=model.Kind.choices, empty_label=_("Any kind"))


class _StyledFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class MajorReportFilter(_StyledFilterSet):
    year = _year_filter(MajorReport, "sent_on")
    kind = _kind_filter(MajorReport)
    replied = django_filters.ChoiceFilter(
        label=_("Reply"),
        choices=[("yes", _("Reply received")), ("no", _("Awaiting reply"))],
        method="filter_replied",
        empty_label=_("Any"),
    )

    class Meta:
        model = MajorReport
        fields = ["year", "kind", "replied"]

    def filter_replied(self, queryset, name, value):
        return queryset.filter(reply_received_on__isnull=value != "yes")


class PartyDocumentFilter(_StyledFilterSet):
    year = _year_filter(PartyDocument, "issued_on")
    kind = _kind_filter(PartyDocument)

    class Meta:
        model = PartyDocument
        fields = ["year", "kind"]


class AppointmentFilter(_StyledFilterSet):
    year = _year_filter(Appointment, "date")
    kind = _kind_filter(Appointment)
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit of the post"),
        queryset=Unit.objects.filter(pk__in=Appointment.objects.values("unit")),
        empty_label=_("Every unit"),
    )
    person = SearchFilter(label=_("Name"), lookup_expr="icontains")

    class Meta:
        model = Appointment
        fields = ["year", "kind", "unit", "person"]


class VisitFilter(_StyledFilterSet):
    year = _year_filter(GuidanceVisit, "date")
    kind = _kind_filter(GuidanceVisit)
    township = django_filters.ModelChoiceFilter(
        label=_("Township or town"), queryset=Township.objects.all(), empty_label=_("All townships")
    )

    class Meta:
        model = GuidanceVisit
        fields = ["year", "kind", "township"]


class HoldersFilter(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit of the post"),
        queryset=Unit.objects.filter(pk__in=Appointment.objects.values("unit")),
        required=False,
        empty_label=_("Every unit"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
