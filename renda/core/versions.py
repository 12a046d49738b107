"""Optimistic locking for edit forms: the version a form was opened at, checked when it is saved.

An edit form carries the version of the record it showed (`VersionedForm`, a hidden field). The
service that saves it locks the row and compares (`locked_at`); if someone saved the record in
between, it raises `EditConflict` and nothing is written. `saved_or_none` then shows the form again
with the current values and a message saying what happened, so the second person decides with what
is there now instead of silently overwriting it.

The version is a digest of the row's stored values (every concrete field but `auto_now` time stamps),
so it works for any model and notices every change of content that reached the database.
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

CHANGED_MEANWHILE = _(
    "Someone else saved this record after you opened it, so your changes were not saved. The form now "
    "shows what is saved: check it, make your changes again and save."
)


class EditConflict(ValidationError):
    """The record changed since the form was opened; `current` is the locked, current row."""

    def __init__(self, current: models.Model):
        super().__init__(CHANGED_MEANWHILE, code="edit_conflict")
        self.current = current


def version_of(instance: models.Model) -> str:
    """A short digest of the row's stored values; '' for a record not saved yet."""
    if instance.pk is None:
        return ""
    values = [
        f"{field.attname}={field.value_to_string(instance)}"
        for field in instance._meta.concrete_fields
        # A save's own time stamp is no change of content: saving the same values twice is no conflict.
        if not field.primary_key and not getattr(field, "auto_now", False)
    ]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:20]


def check_version(current: models.Model, version: str | None) -> None:
    """Refuse the save when the form's version is not the current row's (no version: not checked,
    e.g. a service called from a command)."""
    if version and version != version_of(current):
        raise EditConflict(current)


def locked_at(queryset_or_model, pk, version: str | None):
    """The row locked for update, refused with EditConflict if it moved on since `version`."""
    queryset = (
        queryset_or_model._default_manager.all() if isinstance(queryset_or_model, type) else queryset_or_model
    )
    current = queryset.select_for_update().get(pk=pk)
    check_version(current, version)
    return current


class VersionedForm(forms.BaseForm):
    """Mixin for a ModelForm that edits a saved record: a hidden `version` of what it showed, in
    `cleaned_data["version"]` for the service. Put it first: `class F(VersionedForm, forms.ModelForm)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["version"].initial = version_of(self.instance)

    def show_current(self, current: models.Model, message=CHANGED_MEANWHILE) -> None:
        """Turn the form into one showing the current row (and its version), with `message` above."""
        self.instance = current
        names = [name for name in self.fields if name != "version"]
        self.initial = {**model_to_dict(current, fields=names), "version": version_of(current)}
        self.is_bound = False
        self.data, self.files = {}, {}
        self._errors = ErrorDict()
        self._errors["__all__"] = self.error_class([message], error_class="nonfield", renderer=self.renderer)
        self.cleaned_data = {}
