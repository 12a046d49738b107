"""Forms of the supervision pages; the rules they check at the field are the services' own messages."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from renda.accounts.roles import Role
from renda.core.models import Unit
from renda.core.once import OnceForm
from renda.core.versions import VersionedForm
from supervision import services
from supervision.evidence import ACCEPT, check_uploads
from supervision.models import Activity, RectificationItem, ReviewOpinion, Topic

PARTICIPANTS_HELP = _("Type a name or its pinyin initials to find a deputy; click to choose or drop one.")
EVIDENCE_HELP = _("PDF, JPEG, PNG, Word or Excel files, each at most 10 MB.")
DECISION_REQUIRED = _("Choose whether to approve or refuse the extension.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)]


def _clean_files(files):
    try:
        check_uploads(files)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc
    return files


class DeputyPicker(forms.SelectMultiple):
    """A searchable list of deputies (static/js/supervision.js adds the search box and click-to-toggle)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "size": 12,
                "class": "form-select js-picker",
                "data-search-label": _("Find a deputy"),
                **(attrs or {}),
            }
        )

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        deputy = getattr(value, "instance", None)
        if deputy is not None:
            option["attrs"]["data-search"] = f"{deputy.name} {deputy.name_initials}"
        return option


class DeputyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.township}" if obj.township_id else obj.name


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


# Topics and activities ------------------------------------------------------------------------------


class TopicForm(OnceForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["year", "category", "title", "description", "lead_committee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_committee"].queryset = Unit.objects.active().filter(kind=Unit.Kind.COMMITTEE_BODY)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class ActivityForm(OnceForm, VersionedForm, forms.ModelForm):
    deputies = DeputyChoices(
        label=capfirst(_("members and deputies taking part")),
        queryset=Deputy.objects.none(),
        required=False,
        widget=DeputyPicker(),
        help_text=PARTICIPANTS_HELP,
    )
    attachments = MultipleFileField(label=_("Files (photos, minutes, reports)"), help_text=EVIDENCE_HELP)

    class Meta:
        model = Activity
        fields = ["kind", "date", "place", "deputies", "other_participants", "findings"]
        widgets = {"date": DateInput(), "findings": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.deputies.values_list("pk", flat=True)) if self.instance.pk else []
        # Those already chosen first, so that an edit shows them at the top of the list.
        first = Case(When(pk__in=chosen, then=Value(0)), default=Value(1))
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(Q(status=Deputy.Status.ACTIVE) | Q(pk__in=chosen))
            .select_related("township")
            .annotate(first=first)
            .order_by("first", "name_initials", "name", "pk")
        )

    def clean_attachments(self):
        return _clean_files(self.cleaned_data.get("attachments") or [])


# Review opinions ------------------------------------------------------------------------------------


class OpinionForm(OnceForm, VersionedForm, forms.ModelForm):
    class Meta:
        model = ReviewOpinion
        fields = ["title", "body", "recipient", "supervising_leader"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"supervising_leader": UserChoice}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Unit.objects.active().filter(kind=Unit.Kind.STATE_BODY)
        self.fields["supervising_leader"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[Role.DIRECTOR, Role.STAFF])
            .distinct()
            .order_by("display_name", "username")
        )


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())

    def clean_sent_on(self):
        value = self.cleaned_data["sent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(services.SENT_IN_FUTURE)
        return value


class ReportForm(forms.Form):
    received_on = forms.DateField(label=_("Report received on"), widget=DateInput())
    report = forms.CharField(
        label=_("Handling report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": services.REPORT_REQUIRED},
    )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(services.REPORT_IN_FUTURE)
        return value


class VoteForm(forms.Form):
    voted_on = forms.DateField(label=_("Day of the vote"), widget=DateInput())
    satisfied = forms.IntegerField(label=_("Satisfied"), widget=forms.NumberInput(attrs={"min": 0}))
    basically = forms.IntegerField(label=_("Basically satisfied"), widget=forms.NumberInput(attrs={"min": 0}))
    unsatisfied = forms.IntegerField(label=_("Unsatisfied"), widget=forms.NumberInput(attrs={"min": 0}))

    def _not_negative(self, name):
        value = self.cleaned_data[name]
        if value < 0:
            raise forms.ValidationError(services.VOTES_NEGATIVE)
        return value

    def clean_satisfied(self):
        return self._not_negative("satisfied")

    def clean_basically(self):
        return self._not_negative("basically")

    def clean_unsatisfied(self):
        return self._not_negative("unsatisfied")

    def clean_voted_on(self):
        value = self.cleaned_data["voted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(services.VOTE_IN_FUTURE)
        return value


# Rectification items --------------------------------------------------------------------------------


class ItemForm(VersionedForm, forms.Form):
    unit = forms.ModelChoiceField(label=capfirst(_("responsible unit")), queryset=Unit.objects.none())
    description = forms.CharField(
        label=capfirst(_("what is to be put right")),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.DESCRIPTION_REQUIRED},
    )
    deadline = forms.DateField(
        label=capfirst(_("deadline")),
        widget=DateInput(),
        error_messages={"required": services.DEADLINE_REQUIRED},
    )

    def __init__(self, *args, opinion: ReviewOpinion, item: RectificationItem | None = None, **kwargs):
        """`item`: the item edited, versioned as it is shown; None for a new one."""
        if item is not None:
            kwargs.setdefault(
                "initial", {"unit": item.unit_id, "description": item.description, "deadline": item.deadline}
            )
        self.instance = item or RectificationItem(opinion=opinion)  # what VersionedForm versions
        super().__init__(*args, **kwargs)
        self.opinion = opinion
        self.fields["unit"].queryset = Unit.objects.active().exclude(kind=Unit.Kind.COMMITTEE_BODY)

    def item_fields(self) -> dict:
        """What the item services take; the version goes to the update alone."""
        return {name: self.cleaned_data[name] for name in ("unit", "description", "deadline")}

    def clean_description(self):
        value = (self.cleaned_data.get("description") or "").strip()
        if not value:
            raise forms.ValidationError(services.DESCRIPTION_REQUIRED)
        return value

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if self.opinion.sent_on and value < self.opinion.sent_on:
            raise forms.ValidationError(
                services.ITEM_DEADLINE_BEFORE_SENT, params={"date": services.day_label(self.opinion.sent_on)}
            )
        return value


class ProgressForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": services.PROGRESS_DATE_REQUIRED}
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        error_messages={"required": services.PERCENT_RANGE, "invalid": services.PERCENT_RANGE},
        help_text=_("100 means done: the committee's staff then verify it."),
    )
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": services.PROGRESS_TEXT_REQUIRED},
    )
    evidence = MultipleFileField(label=_("Evidence"), help_text=EVIDENCE_HELP)

    def __init__(self, *args, item: RectificationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()
            self.fields["percent"].initial = item.percent

    def clean_text(self):
        value = (self.cleaned_data.get("text") or "").strip()
        if not value:
            raise forms.ValidationError(services.PROGRESS_TEXT_REQUIRED)
        return value

    def clean_percent(self):
        value = self.cleaned_data["percent"]
        if not 0 <= value <= 100:
            raise forms.ValidationError(services.PERCENT_RANGE)
        return value

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(services.PROGRESS_IN_FUTURE)
        sent_on = self.item.opinion.sent_on
        if sent_on and value < sent_on:
            raise forms.ValidationError(
                services.PROGRESS_BEFORE_SENT, params={"date": services.day_label(sent_on)}
            )
        return value

    def clean_evidence(self):
        return _clean_files(self.cleaned_data.get("evidence") or [])


class ExtensionRequestForm(forms.Form):
    until = forms.DateField(
        label=_("New deadline asked for"),
        widget=DateInput(),
        error_messages={"required": services.EXTENSION_DATE_REQUIRED},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": services.EXTENSION_REASON_REQUIRED},
    )

    def __init__(self, *args, item: RectificationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_reason(self):
        value = (self.cleaned_data.get("reason") or "").strip()
        if not value:
            raise forms.ValidationError(services.EXTENSION_REASON_REQUIRED)
        return value

    def clean_until(self):
        value = self.cleaned_data["until"]
        if value <= self.item.deadline:
            raise forms.ValidationError(
                services.EXTENSION_NOT_LATER, params={"date": services.day_label(self.item.deadline)}
            )
        return value


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the new deadline")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_REQUIRED},
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("What is still missing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.SEND_BACK_NOTE_REQUIRED},
    )
