"""Forms of the publicity pages. Files are plain FileFields: the services check them by content."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publicity import services
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)
from renda.core.once import OnceForm
from renda.core.params import SearchField
from renda.core.versions import VersionedForm

IMAGE_ACCEPT = ".jpg,.jpeg,.png"


def _file_field(label, *, accept: str, help_text=""):
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": accept}),
    )


class _CheckedFilesMixin:
    """Run the service's content check on each uploaded file field, so the refusal shows at the field."""

    file_checks: dict = {}

    def clean(self):
        cleaned = super().clean()
        for field, check in self.file_checks.items():
            upload = cleaned.get(field)
            if upload and hasattr(upload, "size"):
                try:
                    check(upload)
                except ValidationError as exc:
                    self.add_error(field, exc)
        return cleaned


class _FilterForm(forms.Form):
    """A GET filter form whose widgets carry Bootstrap's small control classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )


class ArticleFilterForm(_FilterForm):
    q = SearchField(label=_("Keyword"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    column = forms.ModelChoiceField(
        label=pgettext_lazy("publicity", "Column"), queryset=Column.objects.all(), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *Article.State.choices]
        self.fields["state"].choices.insert(4, ("scheduled", _("Scheduled")))
        self.fields["column"].empty_label = _("All columns")
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]


class ArticleForm(OnceForm, VersionedForm, _CheckedFilesMixin, forms.ModelForm):
    cover = _file_field(_("cover image"), accept=IMAGE_ACCEPT, help_text=_("JPEG or PNG, at most 5 MB."))
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    file_checks = {"cover": services.check_image}

    class Meta:
        model = Article
        fields = ["title", "column", "summary", "body", "author", "source"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "class": "font-monospace js-markdown-source"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(is_active=True) | Column.objects.filter(
            pk=getattr(self.instance, "column_id", None)
        )
        if not (self.instance.pk and self.instance.cover):
            del self.fields["remove_cover"]


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now; a future time schedules the publication."),
    )
    note = forms.CharField(label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and at < timezone.now() - timedelta(minutes=5):
            raise ValidationError(_("A scheduled time must not be in the past."), code="past")
        return at


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 4}), required=True
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class ColumnForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Column
        fields = ["name", "slug", "description", "is_special", "is_active", "sort_order"]


class PeriodicalIssueForm(VersionedForm, _CheckedFilesMixin, forms.ModelForm):
    pdf = _file_field(_("PDF"), accept=".pdf", help_text=_("The whole issue as a PDF, at most 20 MB."))
    cover = _file_field(_("cover image"), accept=IMAGE_ACCEPT, help_text=_("JPEG or PNG, at most 5 MB."))
    file_checks = {"pdf": services.check_pdf, "cover": services.check_image}

    class Meta:
        model = PeriodicalIssue
        fields = ["year", "number", "title", "published_on", "contents", "is_public"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contents": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("pdf") and "pdf" not in self.errors:
            self.add_error("pdf", _("Upload the issue's PDF."))
        return cleaned


class VideoForm(VersionedForm, _CheckedFilesMixin, forms.ModelForm):
    file = _file_field(
        _("video file"), accept=".mp4", help_text=_("MP4, at most 200 MB; or give a link below.")
    )
    poster = _file_field(_("poster image"), accept=IMAGE_ACCEPT, help_text=_("JPEG or PNG, at most 5 MB."))
    link = forms.URLField(label=_("link"), required=False, assume_scheme="https")
    file_checks = {"file": services.check_video, "poster": services.check_image}

    class Meta:
        model = Video
        fields = ["title", "kind", "description", "link", "made_on", "is_public"]
        widgets = {"made_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file")) or bool(self.instance.pk and self.instance.file)
        if not has_file and not cleaned.get("link") and "file" not in self.errors:
            self.add_error("link", _("Give the video file or a link to it."))
        return cleaned


class CorrespondentForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Correspondent
        fields = ["name", "unit", "township", "is_active"]


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["year", "title", "awarded_by"]

    def __init__(self, *args, correspondent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.correspondent = correspondent

    def clean(self):
        cleaned = super().clean()
        if (
            self.correspondent is not None
            and Honour.objects.filter(
                correspondent=self.correspondent, year=cleaned.get("year"), title=cleaned.get("title")
            ).exists()
        ):
            raise ValidationError(_("This honour is already recorded for that year."), code="duplicate")
        return cleaned


class ExternalPublicationForm(VersionedForm, forms.ModelForm):
    link = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = ExternalPublication
        fields = ["outlet", "date", "title", "link", "correspondents", "article"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "correspondents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correspondents"].queryset = Correspondent.objects.filter(is_active=True) | (
            self.instance.correspondents.all() if self.instance.pk else Correspondent.objects.none()
        )
        self.fields["article"].queryset = Article.objects.filter(state=Article.State.PUBLISHED).only("title")
        self.fields["article"].required = False


class PublicationFilterForm(_FilterForm):
    q = SearchField(label=_("Keyword"), required=False)
    outlet = SearchField(label=_("Outlet"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    correspondent = forms.ModelChoiceField(
        label=_("Correspondent"), queryset=Correspondent.objects.all(), required=False
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["correspondent"].empty_label = _("All correspondents")


class ResultForm(VersionedForm, forms.Form):
    summary = forms.CharField(
        label=_("Public summary of the handling result"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the public reads. Name no resident and give no phone number."),
    )

    def __init__(self, *args, result: PublishedResult | None = None, **kwargs):
        """`result`: the published result edited, versioned as it is shown; None for a new one."""
        if result is not None:
            kwargs.setdefault("initial", {"summary": result.summary})
        self.instance = result or PublishedResult()  # what VersionedForm versions
        super().__init__(*args, **kwargs)

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if services.looks_like_phone(summary):
            raise ValidationError(services.SUMMARY_HAS_PHONE, code="phone")
        return summary


class ResultWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
