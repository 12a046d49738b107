"""Idempotent creation: a create form carries a one-time token; posting it again makes nothing new.

`OnceForm` adds the hidden token. `made_once(token, user, create)` claims the token (a unique row,
`Submission`) in the same transaction as `create()`: the first post makes the record; a repeated post,
one after the other or at the same moment, finds the claim and is given what the first one made.
A post that fails (a validation error) rolls its claim back, so the corrected form can be sent again.
`saved_or_none` does this for every form with the token.
"""

import uuid

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from renda.core.models import Submission

ALREADY_SENT = _("This form had already been sent: nothing was created twice. Here is what it made.")


class OnceForm(forms.BaseForm):
    """Mixin for a form that creates something: a hidden one-time `once` token in cleaned_data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["once"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        self.fields["once"].initial = uuid.uuid4()

    def clean_once(self):
        # A mangled token is no reason to refuse the form; without one the post is simply not guarded.
        return self.cleaned_data.get("once")


def _made(token: uuid.UUID, user):
    claim = Submission.objects.filter(token=token, user=user).select_related("content_type").first()
    if claim is None or claim.object_id is None:
        return None
    return claim.content_type.get_object_for_this_type(pk=claim.object_id)


def made_once(token: uuid.UUID | None, user, create) -> tuple[models.Model, bool]:
    """`create()` once per token: (what it made, True), or (what the first post made, False)."""
    if token is None or not getattr(user, "is_authenticated", False):
        return create(), True
    earlier = _made(token, user)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            claim = Submission.objects.create(token=token, user=user)
            made = create()
            if isinstance(made, models.Model) and made.pk is not None:
                claim.content_type = ContentType.objects.get_for_model(made)
                claim.object_id = made.pk
                claim.save(update_fields=["content_type", "object_id"])
    except IntegrityError:
        # Another post with this token committed first (this insert waited for it): its record.
        earlier = _made(token, user)
        if earlier is None:
            raise
        return earlier, False
    return made, True
