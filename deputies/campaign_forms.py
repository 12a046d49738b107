"""Forms of deputy campaigns (代表行动); every message sits at the field it is about."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deputies.campaigns import (
    CAMPAIGN_ENDS_BEFORE_START,
    PHOTO_ACCEPT,
    PHOTO_MAX_BYTES,
    check_entry_date,
    check_photo,
)
from deputies.forms import DateInput
from deputies.models import Campaign, CampaignEntry, Deputy
from renda.core.versions import VersionedForm

TEXT_REQUIRED = _("Say what was done.")


class CampaignForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "call", "start_date", "end_date"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "call": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("For example 苹果示范园建设 or 城乡环境大整洁."),
            "call": _("What the county's call asks of deputies, as it will be shown to them."),
            "end_date": _("Leave empty while the campaign goes on."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", CAMPAIGN_ENDS_BEFORE_START)
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ParticipantsForm(forms.Form):
    """Who takes part, among the deputies shown on the page (the others are left as they are)."""

    shown = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.none(), widget=forms.MultipleHiddenInput, required=False
    )
    participants = forms.ModelMultipleChoiceField(
        queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown"].queryset = queryset
        self.fields["participants"].queryset = queryset


def _participant_label(deputy: Deputy) -> str:
    return f"{deputy.name}（{deputy.township.name}）" if deputy.township_id else deputy.name


class EntryForm(VersionedForm, forms.Form):
    """What a deputy did on a day. Staff choose the deputy among the participants; a deputy records own."""

    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=pgettext_lazy("campaign entry", "What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": TEXT_REQUIRED},
        help_text=_("Where, with whom and what came of it, in a few sentences."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": PHOTO_ACCEPT, "class": "js-shrink-photo", "data-max-bytes": PHOTO_MAX_BYTES}
        ),
        help_text=_("Optional: one JPEG or PNG picture of at most 5 MB."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def __init__(
        self,
        *args,
        campaign: Campaign,
        today,
        participants=None,
        entry: CampaignEntry | None = None,
        **kwargs,
    ):
        """`participants`: the deputies staff may choose from; None when a deputy records for themselves."""
        if entry is not None:
            kwargs.setdefault("initial", {"date": entry.date, "text": entry.text})
        self.instance = entry or CampaignEntry(campaign=campaign)  # what VersionedForm versions
        super().__init__(*args, **kwargs)
        self.campaign, self.today, self.entry = campaign, today, entry
        if participants is None or entry is not None:
            del self.fields["deputy"]
        else:
            self.fields["deputy"].queryset = participants
            self.fields["deputy"].label_from_instance = _participant_label
        if entry is None or not entry.photo:
            del self.fields["remove_photo"]
        elif entry.photo:
            self.fields["photo"].help_text = _(
                "Choose a new picture to replace the one kept, or tick below to remove it."
            )
        self.fields["date"].widget.attrs.update(
            {
                "min": campaign.start_date.isoformat(),
                "max": min(filter(None, [campaign.end_date, today])).isoformat(),
            }
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(TEXT_REQUIRED)
        return text

    def clean_date(self):
        when = self.cleaned_data["date"]
        check_entry_date(self.campaign, when, today=self.today)
        return when

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            check_photo(photo)
        return photo
