"""Forms of the liaison pages; the rules they check at the field are the services' own messages."""

from django import forms
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from liaison.models import Opinion, Point, Reception, Station
from liaison.services import (
    ANSWER_REQUIRED,
    CONTENT_REQUIRED,
    DEADLINE_IN_PAST,
    FEEDBACK_IN_FUTURE,
    FEEDBACK_REQUIRED,
    POINT_IN_OTHER_TOWNSHIP,
    POINT_NOT_IN_STATION,
    RECEPTION_IN_FUTURE,
    RESIDENTS_NEGATIVE,
    TOWNSHIP_REQUIRED,
    UNIT_REPLY_REQUIRED,
    UNIT_REQUIRED,
    default_forward_deadline,
    point_township_mismatch,
)
from liaison.workflow import FORWARD_REPLY_WORKING_DAYS
from renda.core import params
from renda.core.models import Township, Unit
from renda.core.once import OnceForm
from renda.core.versions import VersionedForm

CONFIRM_OTHER_TOWNSHIP = _("Assign to a station in another township")
ON_DUTY_HELP = _("The deputies placed at %(station)s are listed first.")
FORWARD_DEADLINE_HELP = _("%(days)s working days from today unless another date is set.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.station} · {obj.name}"


class DeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.township}" if obj.township_id else obj.name


class DeputyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.township}" if obj.township_id else obj.name


def _point_field(*, required=False, queryset=None):
    return PointChoiceField(
        label=capfirst(_("liaison point")),
        queryset=queryset if queryset is not None else Point.objects.select_related("station"),
        required=required,
        help_text=_("Leave empty when the reception is at the station itself."),
    )


def _residents_field():
    return forms.IntegerField(
        label=capfirst(_("residents received")),
        min_value=0,
        initial=0,
        error_messages={"min_value": RESIDENTS_NEGATIVE},
    )


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


def station_deputies(station):
    """Every active deputy, those placed at `station` first: a deputy from elsewhere may still join."""
    here = Case(When(assignment__station=station, then=Value(0)), default=Value(1))
    return (
        Deputy.objects.active()
        .annotate(here=here)
        .order_by("here", "name_initials", "name", "pk")
        .select_related("township")
    )


def _check_point_station(form, station, point):
    if station is not None and point is not None and point.station_id != station.pk:
        form.add_error("point", POINT_NOT_IN_STATION % {"station": point.station})


# Stations, points, assignments ----------------------------------------------------------------------


class StationForm(OnceForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = Station
        fields = ["name", "township", "address", "contact_name", "contact_phone", "schedule", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.active()


class PointForm(OnceForm, VersionedForm, forms.ModelForm):
    confirm_other_township = forms.BooleanField(
        label=CONFIRM_OTHER_TOWNSHIP, required=False, widget=forms.HiddenInput
    )
    # The confirmation sits right under the station, next to the message that asks for it.
    field_order = ["station", "confirm_other_township"]

    class Meta:
        model = Point
        fields = [
            "station",
            "name",
            "township",
            "village",
            "address",
            "contact_name",
            "contact_phone",
            "schedule",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.select_related("township")
        self.fields["township"].queryset = Township.objects.active()
        if self.is_bound and self.data.get(self.add_prefix("confirm_other_township")) in (
            "on",
            "True",
            "true",
        ):
            self._show_confirmation()

    def _show_confirmation(self):
        self.fields["confirm_other_township"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        station, township = cleaned.get("station"), cleaned.get("township")
        if point_township_mismatch(station, township):
            # The checkbox appears with the message; ticking it is the explicit confirmation.
            self._show_confirmation()
            if not cleaned.get("confirm_other_township"):
                self.add_error(
                    "station",
                    POINT_IN_OTHER_TOWNSHIP
                    % {"station": station, "station_township": station.township, "township": township},
                )
        return cleaned


class AssignmentForm(forms.Form):
    deputy = DeputyChoiceField(label=capfirst(_("deputy")), queryset=Deputy.objects.none())
    station = forms.ModelChoiceField(label=capfirst(_("liaison station")), queryset=Station.objects.all())
    point = PointChoiceField(
        label=capfirst(_("liaison point")),
        queryset=Point.objects.select_related("station"),
        required=False,
        help_text=_("Optional: the point, among the station's, where the deputy receives residents."),
    )

    def __init__(self, *args, deputy=None, **kwargs):
        super().__init__(*args, **kwargs)
        if deputy is not None:
            # Changing one deputy's assignment: the deputy is fixed.
            self.fields["deputy"].queryset = Deputy.objects.filter(pk=deputy.pk)
            self.fields["deputy"].initial = deputy.pk
            self.fields["deputy"].disabled = True
        else:
            self.fields["deputy"].queryset = (
                Deputy.objects.active().filter(assignment__isnull=True).select_related("township")
            )

    def clean(self):
        cleaned = super().clean()
        _check_point_station(self, cleaned.get("station"), cleaned.get("point"))
        return cleaned


# Reception days -------------------------------------------------------------------------------------


class ReceptionPlanForm(VersionedForm, forms.ModelForm):
    point = _point_field()
    on_duty = DeputyMultipleChoiceField(
        label=capfirst(_("deputies on duty")),
        queryset=Deputy.objects.active().select_related("township"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Reception
        fields = ["station", "point", "date", "place", "topic", "on_duty", "announced_at"]
        widgets = {"date": DateInput(), "announced_at": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.all()
        station = self._chosen_station()
        if station is not None:
            self.fields["on_duty"].queryset = station_deputies(station)
            self.fields["on_duty"].help_text = ON_DUTY_HELP % {"station": station}

    def _chosen_station(self):
        value = self.data.get(self.add_prefix("station")) if self.is_bound else None
        value = value or self.initial.get("station") or self.instance.station_id
        if isinstance(value, Station):
            return value
        pk = params.parse_int(value, low=1, high=params.ID_MAX)
        return Station.objects.filter(pk=pk).first() if pk else None

    def clean(self):
        cleaned = super().clean()
        _check_point_station(self, cleaned.get("station"), cleaned.get("point"))
        return cleaned


class ReceptionRecordForm(VersionedForm, forms.Form):
    """The record of a reception as held: by staff (who say who was present) or by a deputy.

    With `reception`, the record of that reception (planned or held), versioned as it is shown."""

    date = forms.DateField(label=capfirst(_("date")), widget=DateInput())
    place = forms.CharField(label=capfirst(_("place")), max_length=120)
    point = _point_field()
    residents_received = _residents_field()
    notes = forms.CharField(
        label=capfirst(_("notes")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed, and anything the committee should know."),
    )
    present = DeputyMultipleChoiceField(
        label=capfirst(_("deputies present")),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, station, with_present: bool, reception: Reception | None = None, **kwargs):
        self.instance = reception or Reception(station=station)  # what VersionedForm versions
        super().__init__(*args, **kwargs)
        self.station = station
        # The station is given: its points by name alone.
        self.fields["point"] = forms.ModelChoiceField(
            label=self.fields["point"].label,
            queryset=station.points.order_by("name"),
            required=False,
            help_text=self.fields["point"].help_text,
        )
        if with_present:
            self.fields["present"].queryset = station_deputies(station)
            self.fields["present"].help_text = ON_DUTY_HELP % {"station": station}
        else:
            del self.fields["present"]

    def clean_date(self):
        return _not_in_future(self.cleaned_data.get("date"), RECEPTION_IN_FUTURE)


class OpinionForm(forms.ModelForm):
    content = forms.CharField(
        label=capfirst(_("content")),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": CONTENT_REQUIRED},
    )

    class Meta:
        model = Opinion
        fields = ["content", "category", "resident_name", "resident_contact"]
        help_texts = {
            "resident_contact": _(
                "Optional. Seen only by staff, the director meeting and the station's deputies, "
                "never by the unit that answers."
            )
        }


# Routing of an opinion: one small form per action ---------------------------------------------------


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=capfirst(_("answer given")),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": ANSWER_REQUIRED},
    )


class ReferForm(forms.Form):
    township = forms.ModelChoiceField(
        label=capfirst(_("township")),
        queryset=Township.objects.active(),
        error_messages={"required": TOWNSHIP_REQUIRED},
    )
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=capfirst(_("unit")), queryset=Unit.objects.active(), error_messages={"required": UNIT_REQUIRED}
    )
    due_date = forms.DateField(
        label=capfirst(_("reply due")),
        widget=DateInput(),
        required=False,
    )
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].initial = default_forward_deadline(timezone.localdate())
        self.fields["due_date"].help_text = FORWARD_DEADLINE_HELP % {"days": FORWARD_REPLY_WORKING_DAYS}

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError(DEADLINE_IN_PAST)
        return due


class ProposeForm(forms.Form):
    note = forms.CharField(
        label=capfirst(_("note")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example which deputy will take it up as a suggestion."),
    )


class UnitReplyForm(forms.Form):
    reply = forms.CharField(
        label=capfirst(_("unit's reply")),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": UNIT_REPLY_REQUIRED},
    )


class CloseForm(forms.Form):
    feedback = forms.CharField(
        label=capfirst(_("feedback to the resident")),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": FEEDBACK_REQUIRED},
    )
    feedback_at = forms.DateField(label=capfirst(_("feedback given on")), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feedback_at"].initial = timezone.localdate()

    def clean_feedback_at(self):
        return _not_in_future(self.cleaned_data.get("feedback_at"), FEEDBACK_IN_FUTURE)


ACTION_FORMS = {
    "answer": AnswerForm,
    "refer": ReferForm,
    "forward": ForwardForm,
    "propose": ProposeForm,
    "unit_reply": UnitReplyForm,
    "close": CloseForm,
}
