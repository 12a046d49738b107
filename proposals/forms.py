"""Forms of suggestion handling: one small form per action on the detail page, the merge page and the
batch assignment. Each action form carries the `version` of the suggestion it was shown with
(renda.core.versions.version_of), so that a change made by someone else in between is refused (see
proposals.locking).
The messages at the field are the services' own constants."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from proposals.models import Consultation, Outcome, Policy, Satisfaction, Suggestion
from proposals.services import (
    DATE_IN_FUTURE,
    EXTENSION_REASON_REQUIRED,
    LEAD_UNIT_ALSO_CO,
    LEAD_UNIT_REQUIRED,
    MERGE_TARGET_CLOSED,
    MERGE_TARGET_REQUIRED,
    NEW_UNIT_REQUIRED,
    NOTHING_SELECTED,
    OPINION_REQUIRED,
    OUTCOME_REQUIRED,
    PROGRESS_TEXT_REQUIRED,
    REJECT_NOTE_REQUIRED,
    REPLY_TEXT_REQUIRED,
    RETURN_NOTE_REQUIRED,
    SATISFACTION_REQUIRED,
    TRANSFER_REASON_REQUIRED,
    users_with_perm,
)
from renda.core.models import Unit

WAY_REQUIRED = _("Choose how the deputy was consulted.")
DECISION_REQUIRED = _("Choose approve or refuse.")
APPROVE = "approve"
REFUSE = "refuse"
DECISIONS = [(APPROVE, _("Approve")), (REFUSE, _("Refuse"))]
CO_UNITS_HELP = _(
    "Optional; hold Ctrl (⌘ on a Mac) to choose several. Each co-handling unit sends its opinion to "
    "the lead unit within the policy's time."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _text(label, message, rows=3, required=True):
    return forms.CharField(
        label=capfirst(label),
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else {},
    )


def _units_field(*, required=True, message=LEAD_UNIT_REQUIRED, label=None):
    return forms.ModelChoiceField(
        label=capfirst(label or _("lead unit")),
        queryset=Unit.objects.active(),
        required=required,
        error_messages={"required": message, "invalid_choice": message},
    )


def _co_units_field():
    return forms.ModelMultipleChoiceField(
        label=capfirst(_("co-handling units")),
        queryset=Unit.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=CO_UNITS_HELP,
    )


def outcome_choices():
    policy = Policy.current()
    return [(code, f"{code} {policy.outcome_label(code)}") for code in Outcome.values]


class ActionForm(forms.Form):
    """The base of the action forms: the version of the suggestion the page showed."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ReviewForm(ActionForm):
    pass


class AcceptForm(ActionForm):
    pass


class CloseForm(ActionForm):
    pass


class ReturnForm(ActionForm):
    note = _text(_("what to revise"), RETURN_NOTE_REQUIRED)


class RejectForm(ActionForm):
    note = _text(_("reason"), REJECT_NOTE_REQUIRED)


class UnitsMixin:
    def clean(self):
        cleaned = super().clean()
        lead, co_units = cleaned.get("lead_unit"), cleaned.get("co_units") or []
        if lead is not None and any(u.pk == lead.pk for u in co_units):
            self.add_error("co_units", LEAD_UNIT_ALSO_CO)
        return cleaned


class AssignForm(UnitsMixin, ActionForm):
    lead_unit = _units_field()
    co_units = _co_units_field()


class TransferRequestForm(ActionForm):
    reason = _text(_("why it does not belong to your unit"), TRANSFER_REASON_REQUIRED)


class DecideTransferForm(UnitsMixin, ActionForm):
    decision = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_REQUIRED, "invalid_choice": DECISION_REQUIRED},
    )
    lead_unit = _units_field(required=False, message=NEW_UNIT_REQUIRED, label=_("new lead unit"))
    co_units = _co_units_field()
    note = _text(_("note"), None, rows=2, required=False)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == APPROVE
            and not cleaned.get("lead_unit")
            and "lead_unit" not in self.errors
        ):
            self.add_error("lead_unit", NEW_UNIT_REQUIRED)
        return cleaned


class ConsultationForm(ActionForm):
    way = forms.ChoiceField(
        label=capfirst(_("way")),
        choices=Consultation.Way.choices,
        widget=forms.RadioSelect,
        error_messages={"required": WAY_REQUIRED, "invalid_choice": WAY_REQUIRED},
    )
    date = forms.DateField(label=capfirst(_("date")), widget=DateInput())
    notes = _text(_("notes"), None, rows=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(DATE_IN_FUTURE)
        return value


class CohandlingForm(ActionForm):
    opinion = _text(_("co-handling opinion"), OPINION_REQUIRED, rows=4)


class ExtensionRequestForm(ActionForm):
    reason = _text(_("why the matter needs more time"), EXTENSION_REASON_REQUIRED)


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_REQUIRED, "invalid_choice": DECISION_REQUIRED},
    )
    note = _text(_("note"), None, rows=2, required=False)


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(
        label=capfirst(_("outcome category")),
        widget=forms.RadioSelect,
        error_messages={"required": OUTCOME_REQUIRED, "invalid_choice": OUTCOME_REQUIRED},
    )
    text = _text(_("reply"), REPLY_TEXT_REQUIRED, rows=5)
    letter = forms.FileField(
        label=capfirst(_("reply letter")),
        required=False,
        help_text=_("The signed and stamped reply letter: PDF, image or Office document."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices()


class RateForm(ActionForm):
    satisfaction = forms.ChoiceField(
        label=capfirst(_("how satisfied are you with the reply?")),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SATISFACTION_REQUIRED, "invalid_choice": SATISFACTION_REQUIRED},
    )
    comment = _text(_("comment"), None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = _(
            "Needed when you are unsatisfied: say what should be done better."
        )


class ProgressForm(ActionForm):
    date = forms.DateField(label=capfirst(_("date")), widget=DateInput())
    text = _text(_("progress"), PROGRESS_TEXT_REQUIRED)
    is_done = forms.BooleanField(label=_("This completes the implementation"), required=False)
    evidence = forms.FileField(
        label=capfirst(_("evidence")),
        required=False,
        help_text=_("A photo, document or PDF showing the progress."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(DATE_IN_FUTURE)
        return value


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class MarkKeyForm(ActionForm):
    is_key = forms.BooleanField(label=_("Key suggestion (重点督办)"), required=False)
    leader = LeaderChoiceField(
        label=capfirst(_("supervising leader")),
        queryset=None,
        required=False,
        help_text=_("The committee leader who supervises its handling (分工督办)."),
    )

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = users_with_perm(
            "proposals.mark_key", "proposals.approve_extension"
        ).order_by("display_name", "username")
        if suggestion is not None and not self.is_bound:
            self.fields["is_key"].initial = suggestion.is_key
            self.fields["leader"].initial = suggestion.supervising_leader_id


class MergeForm(ActionForm):
    into = forms.ModelChoiceField(
        label=capfirst(_("merge into")),
        queryset=Suggestion.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": MERGE_TARGET_REQUIRED, "invalid_choice": MERGE_TARGET_CLOSED},
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["into"].queryset = candidates


class BatchAssignForm(UnitsMixin, forms.Form):
    suggestions = forms.ModelMultipleChoiceField(
        queryset=Suggestion.objects.none(),
        error_messages={"required": NOTHING_SELECTED},
    )
    lead_unit = _units_field()
    co_units = _co_units_field()

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["suggestions"].queryset = candidates
        self.fields["suggestions"].error_messages["invalid_choice"] = _(
            "A ticked suggestion can no longer be assigned; reload the page."
        )
        self.fields["suggestions"].error_messages["invalid_pk_value"] = self.fields[
            "suggestions"
        ].error_messages["invalid_choice"]


# action name -> form class; the detail page and proposals:act use the same table. Merging has its
# own page (proposals:merge), where the candidates are listed.
ACTION_FORMS = {
    "review": ReviewForm,
    "return": ReturnForm,
    "reject": RejectForm,
    "assign": AssignForm,
    "accept": AcceptForm,
    "request_transfer": TransferRequestForm,
    "decide_transfer": DecideTransferForm,
    "consult": ConsultationForm,
    "cohandle": CohandlingForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": DecideExtensionForm,
    "reply": ReplyForm,
    "rate": RateForm,
    "progress": ProgressForm,
    "close": CloseForm,
    "mark_key": MarkKeyForm,
}

# Forms that upload a file.
MULTIPART = {"reply", "progress"}
