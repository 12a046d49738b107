"""Forms of the meeting pages; the rules they check at the field are the services' own messages."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from meetings import services
from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from renda.core.models import Session, Term, Unit
from renda.core.once import OnceForm
from renda.core.params import SearchField
from renda.core.versions import VersionedForm
from supervision.models import Activity, ReviewOpinion

ATTENDANCE_HELP = _(
    "One person a line: name, post, attendance, reason for leave. Attendance is present, leave, absent "
    "or attending (a non-member attending the meeting; 出席, 请假, 缺席 and 列席 are understood too)."
)
ATTENDANCE_BAD_STATUS = _("Line %(line)s: “%(value)s” is not present, leave, absent or attending.")
ATTENDANCE_TOO_LONG = _("Line %(line)s: a name has at most 30 characters and a post at most 50.")

STATUS_WORDS = {
    "": (Attendance.Status.PRESENT, True),
    "present": (Attendance.Status.PRESENT, True),
    "出席": (Attendance.Status.PRESENT, True),
    "到会": (Attendance.Status.PRESENT, True),
    "leave": (Attendance.Status.LEAVE, True),
    "请假": (Attendance.Status.LEAVE, True),
    "absent": (Attendance.Status.ABSENT, True),
    "缺席": (Attendance.Status.ABSENT, True),
    "attending": (Attendance.Status.PRESENT, False),
    "列席": (Attendance.Status.PRESENT, False),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Meeting.Kind.choices]
    )
    term = forms.ModelChoiceField(
        label=_("Term"), required=False, queryset=Term.objects.all(), empty_label=_("All terms")
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class MeetingForm(OnceForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "term", "number", "date", "start_time", "place", "presided_by", "membership"]
        widgets = {"date": DateInput(), "start_time": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].empty_label = None
        self.fields["number"].min_value = 1
        self.fields["number"].validators.append(MinValueValidator(1))
        self.fields["number"].widget.attrs["min"] = 1
        self.fields["number"].help_text = _(
            "Its number within the term; a new meeting is offered the next free number of its kind."
        )


class AgendaItemForm(VersionedForm, forms.ModelForm):
    upload = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(services.DOCUMENT_KINDS)}),
        help_text=_("The report or document heard: a PDF, Word or Excel file of at most 20 MB."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "document_title",
            "presenter",
            "responsible_body",
            "activity",
            "review_opinion",
            "suggestion_year",
            "suggestion_session",
            "notes",
            "upload",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": services.TITLE_REQUIRED}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_body"].queryset = Unit.objects.filter(kind=Unit.Kind.COMMITTEE_BODY)
        activity = self.fields["activity"]
        activity.queryset = Activity.objects.select_related("topic").order_by("-date", "-pk")
        activity.label_from_instance = lambda a: f"{a.date:%Y-%m-%d} {a.get_kind_display()} · {a.topic.title}"
        activity.help_text = _("A supervision activity the item is about, e.g. a work report heard.")
        opinion = self.fields["review_opinion"]
        opinion.queryset = ReviewOpinion.objects.order_by("-pk")
        opinion.label_from_instance = lambda o: f"{o.title} ({o.get_state_display()})"
        self.fields["suggestion_session"].queryset = Session.objects.select_related("term")
        self.fields["suggestion_year"].help_text = _(
            "For a report on the handling of suggestions (建议办理情况汇报): the year, or the session below. "
            "Take the figures on the meeting page; the papers keep them as they were."
        )


class AttendanceForm(forms.Form):
    rows = forms.CharField(
        label=_("Attendance list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=ATTENDANCE_HELP,
    )

    def clean_rows(self):
        parsed, errors = [], []
        text = self.cleaned_data.get("rows") or ""
        for line, raw in enumerate((r for r in text.splitlines() if r.strip()), start=1):
            parts = [p.strip() for p in raw.replace("，", ",").split(",")]
            parts += [""] * (4 - len(parts))
            name, post, word, reason = parts[0], parts[1], parts[2].lower(), ",".join(parts[3:]).strip(",")
            if word not in STATUS_WORDS:
                errors.append(
                    forms.ValidationError(ATTENDANCE_BAD_STATUS, params={"line": line, "value": parts[2]})
                )
                continue
            if len(name) > 30 or len(post) > 50 or len(reason) > 100:
                errors.append(forms.ValidationError(ATTENDANCE_TOO_LONG, params={"line": line}))
                continue
            status, is_member = STATUS_WORDS[word]
            parsed.append(
                {"name": name, "post": post, "status": status, "is_member": is_member, "reason": reason}
            )
        if errors:
            raise forms.ValidationError(errors)
        return parsed


class OutcomesForm(forms.Form):
    """One outcome choice per agenda item, named item_<pk>."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.order}. {item.title}",
                choices=AgendaItem.Outcome.choices,
                initial=item.outcome,
            )

    def outcomes(self) -> dict:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class MinutesForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["number", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        error_messages = {"body": {"required": services.MINUTES_BODY_REQUIRED}}


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Decision.Status.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    q = SearchField(label=_("Keyword"), required=False, max_length=50)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class DecisionForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "number", "title", "agenda_item", "adopted_on", "text"]
        widgets = {"adopted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 14})}
        error_messages = {"text": {"required": services.TEXT_REQUIRED}}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.items.order_by("order", "pk")
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.order}. {i.title}"
        self.fields["text"].help_text = _("Plain text; line breaks are kept.")


class DecisionStatusForm(forms.Form):
    action = forms.ChoiceField(
        label=_("New status"),
        choices=[("amend", Decision.Status.AMENDED.label), ("repeal", Decision.Status.REPEALED.label)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("By what"),
        max_length=200,
        required=False,
        help_text=_("For example the later decision that amended or repealed it."),
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ["unit", "description", "due"]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"description": {"required": services.TASK_DESCRIPTION_REQUIRED}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)


class TaskReportForm(forms.Form):
    report = forms.CharField(
        label=_("What the unit has done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": services.REPORT_REQUIRED},
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What is still missing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.SEND_BACK_NOTE_REQUIRED},
    )
