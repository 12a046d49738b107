"""Forms of the deputy's side of a suggestion; every rule's message sits at the field it is about and
is the service's own constant (proposals.filing), so the form and the service say the same."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from proposals.filing import (
    ACCEPT,
    CATEGORY_REQUIRED,
    CONTENT_MAX,
    CONTENT_REQUIRED,
    CONTENT_TOO_LONG,
    COSIGNER_IS_LEAD,
    COSIGNER_NOT_ELIGIBLE,
    FILING_FILES_MAX,
    TITLE_MAX,
    TITLE_REQUIRED,
    TITLE_TOO_LONG,
    TOO_MANY_FILES,
    UPLOAD_MAX_MB,
    check_upload,
    opinion_title,
)
from proposals.filing_selectors import eligible_deputies, session_on, sessions_of
from proposals.models import Attachment, Category, Suggestion
from renda.core.models import Term
from renda.core.once import OnceForm
from renda.core.versions import version_of

BETWEEN_SESSIONS = _("Between sessions")
LEAD_REQUIRED = _("Choose the lead deputy.")
SESSION_HELP = _("The session the suggestion is filed at; otherwise keep “Between sessions” (闭会期间).")
ATTACHMENTS_HELP = _(
    "PDF, JPEG or PNG images, Word, Excel or WPS documents: up to %(size)s MB each and %(count)s files "
    "in all. Several can be chosen at once."
)
COSIGNERS_HELP = _(
    "Deputies who join in (附议). Each is asked to confirm once the suggestion is submitted; only "
    "confirmed co-signers count."
)
ANSWERS = (("confirm", _("Co-sign")), ("decline", _("Decline")))


def _label(field: str) -> str:
    return capfirst(Suggestion._meta.get_field(field).verbose_name)


class TextField(forms.CharField):
    """Text whose line breaks count as one character, as the browser's counter shows them."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class DeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.township}" if obj.township_id else obj.name


class DeputyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.township}" if obj.township_id else obj.name


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their content is checked by the form (check_upload)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=capfirst(Attachment._meta.verbose_name_plural),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )


def _attachments_help() -> str:
    # Formatted when the form is made, in the language of the request.
    return ATTACHMENTS_HELP % {"size": UPLOAD_MAX_MB, "count": FILING_FILES_MAX}


def _clean_uploads(files) -> list:
    errors = []
    for upload in files:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return files


class SuggestionForm(OnceForm, forms.Form):
    """The filing form of a deputy: their own suggestion, new or being changed."""

    title = forms.CharField(
        max_length=TITLE_MAX,
        error_messages={"required": TITLE_REQUIRED, "max_length": TITLE_TOO_LONG},
    )
    content = TextField(
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "class": "js-char-count"}),
        error_messages={"required": CONTENT_REQUIRED, "max_length": CONTENT_TOO_LONG},
    )
    category = forms.ChoiceField(
        choices=[("", "---------"), *Category.choices],
        error_messages={"required": CATEGORY_REQUIRED, "invalid_choice": CATEGORY_REQUIRED},
    )
    session = forms.ModelChoiceField(queryset=None, required=False, empty_label=BETWEEN_SESSIONS)
    cosigners = DeputyMultipleChoiceField(
        queryset=Deputy.objects.select_related("township"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=COSIGNERS_HELP,
    )
    attachments = _attachments_field()
    remove_attachments = forms.ModelMultipleChoiceField(
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove these files"),
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, term: Term | None, lead: Deputy | None = None, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term
        self.lead = lead
        self.suggestion = suggestion
        for name in ("title", "content", "category", "session", "cosigners"):
            self.fields[name].label = _label(name)
        self.fields["session"].queryset = sessions_of(term)
        self.fields["attachments"].help_text = _attachments_help()
        self.fields["session"].help_text = SESSION_HELP
        if suggestion is not None:
            self.fields["remove_attachments"].queryset = suggestion.attachments.filter(
                kind=Attachment.Kind.FILING
            )
            if not self.is_bound:
                self.initial.update(
                    {
                        "title": suggestion.title,
                        "content": suggestion.content,
                        "category": suggestion.category,
                        "session": suggestion.session_id,
                        "cosigners": list(suggestion.cosigners.values_list("pk", flat=True)),
                        "version": version_of(suggestion),
                    }
                )
        else:
            del self.fields["remove_attachments"]
            del self.fields["version"]
            if not self.is_bound:
                session = session_on()
                self.initial["session"] = session.pk if session else None

    # The co-signer list is drawn by the template (a searchable list of tick boxes), those ticked first.
    def cosigner_options(self) -> list[tuple[Deputy, bool]]:
        chosen = {str(v) for v in (self["cosigners"].value() or [])}
        lead_pk = self.lead.pk if self.lead is not None else None
        options = [(d, str(d.pk) in chosen) for d in eligible_deputies() if d.pk != lead_pk]
        return sorted(options, key=lambda option: not option[1])

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def clean_cosigners(self):
        cosigners = list(self.cleaned_data["cosigners"])
        eligible = set(
            eligible_deputies().filter(pk__in=[d.pk for d in cosigners]).values_list("pk", flat=True)
        )
        errors = [
            ValidationError(COSIGNER_NOT_ELIGIBLE, params={"name": d.name})
            for d in cosigners
            if d.pk not in eligible and (self.lead is None or d.pk != self.lead.pk)
        ]
        if self.lead is not None and any(d.pk == self.lead.pk for d in cosigners):
            errors.insert(0, ValidationError(COSIGNER_IS_LEAD))
        if errors:
            raise ValidationError(errors)
        return cosigners

    def clean_attachments(self):
        return _clean_uploads(self.cleaned_data["attachments"])

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("attachments") or []
        if files:
            kept = 0
            if self.suggestion is not None:
                kept = self.fields["remove_attachments"].queryset.count() - len(
                    cleaned.get("remove_attachments") or []
                )
            if kept + len(files) > FILING_FILES_MAX:
                self.add_error(
                    "attachments", ValidationError(TOO_MANY_FILES, params={"limit": FILING_FILES_MAX})
                )
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "content", "category", "session", "cosigners")}


class OnBehalfForm(SuggestionForm):
    """Staff enter a deputy's suggestion (a paper form handed in at the session) and name the lead."""

    lead_deputy = DeputyChoiceField(queryset=None, error_messages={"required": LEAD_REQUIRED})

    field_order = ["lead_deputy"]

    def __init__(self, *args, suggestion=None, **kwargs):
        super().__init__(
            *args, lead=suggestion.lead_deputy if suggestion else None, suggestion=suggestion, **kwargs
        )
        self.fields["lead_deputy"].queryset = eligible_deputies()
        self.fields["lead_deputy"].label = _label("lead_deputy")
        if suggestion is not None and not self.is_bound:
            self.initial["lead_deputy"] = suggestion.lead_deputy_id

    def cosigner_options(self):
        chosen = {str(v) for v in (self["cosigners"].value() or [])}
        options = [(d, str(d.pk) in chosen) for d in eligible_deputies()]
        return sorted(options, key=lambda option: not option[1])

    def clean_cosigners(self):
        # The lead is known only once the whole form is cleaned; clean() checks it against them.
        self.lead = None
        return super().clean_cosigners()

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_deputy")
        if lead is not None and any(d.pk == lead.pk for d in cleaned.get("cosigners") or []):
            self.add_error("cosigners", COSIGNER_IS_LEAD)
        return cleaned

    def service_fields(self) -> dict:
        return {**super().service_fields(), "lead_deputy": self.cleaned_data["lead_deputy"]}


class AttachForm(forms.Form):
    """More files for a draft or returned suggestion."""

    attachments = _attachments_field()

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        self.fields["attachments"].required = True
        self.fields["attachments"].help_text = _attachments_help()

    def clean_attachments(self):
        files = _clean_uploads(self.cleaned_data["attachments"])
        kept = self.suggestion.attachments.filter(kind=Attachment.Kind.FILING).count()
        if kept + len(files) > FILING_FILES_MAX:
            raise ValidationError(TOO_MANY_FILES, params={"limit": FILING_FILES_MAX})
        return files


class FromOpinionForm(forms.Form):
    """The starting title of a draft made from a constituent opinion, and (for staff) its lead deputy."""

    title = forms.CharField(
        max_length=TITLE_MAX,
        error_messages={"required": TITLE_REQUIRED, "max_length": TITLE_TOO_LONG},
        help_text=_(
            "The opinion becomes the text of the draft; everything can be changed before it is submitted."
        ),
    )
    lead_deputy = DeputyChoiceField(queryset=None, error_messages={"required": LEAD_REQUIRED})

    def __init__(self, *args, opinion, choose_lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _label("title")
        if not self.is_bound:
            self.initial["title"] = opinion_title(opinion)
        if choose_lead:
            present = list(opinion.reception.present.values_list("pk", flat=True))
            eligible = eligible_deputies()
            self.fields["lead_deputy"].queryset = eligible
            self.fields["lead_deputy"].label = _label("lead_deputy")
            if not self.is_bound:
                first = eligible.filter(pk__in=present).first()
                self.initial["lead_deputy"] = first.pk if first else None
        else:
            del self.fields["lead_deputy"]

    def clean_title(self):
        return self.cleaned_data["title"].strip()


class CosignForm(forms.Form):
    answer = forms.ChoiceField(choices=ANSWERS)
