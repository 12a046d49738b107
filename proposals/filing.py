"""Writes of the deputy's side of a suggestion: drafts, submission, withdrawal, co-signatures (附议),
attachments checked by their content, filing on a deputy's behalf, and turning a constituent opinion
into a draft.

Every function runs in one transaction and validates everything before it writes, so that a refused
input leaves no row and no file behind; the suggestion row is locked before it changes, states move
through renda.core.workflow.move with proposals.workflow.MOVES, and notifications are written in the
same transaction. A view passes the `version` of the suggestion it showed
(renda.core.versions.version_of, the one token that guards the suggestion in filing and handling
alike); if the row changed since, the service refuses with proposals.locking.SuggestionChanged.
"""

import os
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from functools import wraps
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from liaison.models import Opinion
from proposals.filing_selectors import (
    COSIGN_OPEN,
    EDITABLE,
    FILE_ON_BEHALF,
    eligible_deputies,
    session_on,
)
from proposals.locking import suggestion_locked
from proposals.models import Attachment, Category, Cosignature, State, Suggestion
from proposals.workflow import MOVES
from renda.core import uploads
from renda.core.models import Session
from renda.core.selectors import current_term
from renda.core.services import notify
from renda.core.uploads import FileKind, kinds
from renda.core.workflow import IllegalMove, move, transitions_of

TITLE_MAX = Suggestion._meta.get_field("title").max_length
CONTENT_MAX = 5000
UPLOAD_MAX_MB = 10
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
FILING_FILES_MAX = 10
NAME_MAX = Attachment._meta.get_field("name").max_length

TITLE_REQUIRED = _("Give the suggestion a title.")
TITLE_TOO_LONG = _("Keep the title within %(limit_value)d characters; it has %(show_value)d.")
CONTENT_REQUIRED = _("Write the suggestion itself.")
CONTENT_TOO_LONG = _("Keep the suggestion within %(limit_value)d characters; it has %(show_value)d.")
CATEGORY_REQUIRED = _("Choose a category.")
SESSION_NOT_IN_TERM = _(
    "Choose a session of the current term, or leave it empty for a suggestion between sessions."
)
NO_CURRENT_TERM = _(
    "No current term is set, so suggestions cannot be filed. An administrator must mark the current term."
)
LEAD_NOT_ELIGIBLE = _("%(name)s is not an active county deputy of the current term.")
COSIGNER_NOT_ELIGIBLE = _("%(name)s is not an active county deputy of the current term and cannot co-sign.")
COSIGNER_IS_LEAD = _("The lead deputy cannot co-sign their own suggestion.")
NOT_EDITABLE = _("Only a draft or a suggestion returned for revision can be changed.")
NOT_THE_LEAD = _("Only the lead deputy, or committee staff on their behalf, can do this.")
NOT_INVITED = _("You have not been asked to co-sign this suggestion.")
ALREADY_ANSWERED = _("You have already answered this invitation.")
COSIGNING_CLOSED = _("This suggestion no longer takes co-signatures.")
FILE_EMPTY = _("%(name)s is empty.")
FILE_TOO_BIG = _("%(name)s is larger than %(limit)s MB.")
FILE_TYPE_NOT_ALLOWED = _(
    "%(name)s cannot be attached: only PDF, JPEG or PNG images, and Word, Excel or WPS documents are taken."
)
FILE_NOT_WHAT_IT_SAYS = _("%(name)s is not really a %(kind)s file: its content does not match its name.")
TOO_MANY_FILES = _("A suggestion can carry at most %(limit)d files.")
OPINION_NOT_TO_SUGGESTION = _("Only an opinion marked “to become a suggestion” can be turned into one.")
OPINION_ALREADY_CONVERTED = _("This opinion has already been turned into a suggestion.")

# What a constituent opinion's category becomes in the suggestion ledger.
CATEGORY_OF_OPINION = {
    Opinion.Category.AGRICULTURE: Category.AGRICULTURE,
    Opinion.Category.ROADS: Category.INFRASTRUCTURE,
    Opinion.Category.EDUCATION: Category.EDUCATION,
    Opinion.Category.HEALTH: Category.HEALTH,
    Opinion.Category.SOCIAL: Category.SOCIAL,
    Opinion.Category.HOUSING: Category.INFRASTRUCTURE,
    Opinion.Category.ENVIRONMENT: Category.ENVIRONMENT,
    Opinion.Category.WATER: Category.AGRICULTURE,
    Opinion.Category.OTHER: Category.OTHER,
}
OPINION_TITLE_CHARS = 30


# Files ----------------------------------------------------------------------------------------------


FILE_KINDS = kinds(".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls", ".wps")
ACCEPT = ",".join(FILE_KINDS)


def display_name(name: str) -> str:
    """The file's own name without any folder, short enough for the ledger."""
    return uploads.display_name(name, NAME_MAX)


def check_upload(upload) -> FileKind:
    """The kind of an uploaded file, checked from its content; a ValidationError says what is wrong."""
    return uploads.check_kind(
        upload,
        name=display_name(upload.name),
        accepted=FILE_KINDS,
        max_bytes=UPLOAD_MAX_BYTES,
        refusals=uploads.Refusals(
            empty=FILE_EMPTY, too_big=FILE_TOO_BIG, type=FILE_TYPE_NOT_ALLOWED, content=FILE_NOT_WHAT_IT_SAYS
        ),
        too_big_params={"limit": UPLOAD_MAX_MB},
    )


# Files written during the outermost service call now running, so that they are deleted again when
# its transaction rolls back: the database forgets the rows, and the disk must forget the files.
_written: ContextVar[list | None] = ContextVar("filing_written_files", default=None)


def _files_removed_on_error(func: Callable) -> Callable:
    @wraps(func)
    def wrapper(*args, **kwargs):
        if _written.get() is not None:
            return func(*args, **kwargs)
        token = _written.set([])
        try:
            return func(*args, **kwargs)
        except BaseException:
            for storage, name in _written.get():
                storage.delete(name)
            raise
        finally:
            _written.reset(token)

    return wrapper


def _store(
    *, suggestion, upload, file_kind: FileKind, kind: str, by, reply=None, progress=None
) -> Attachment:
    name = display_name(upload.name)
    attachment = Attachment(
        suggestion=suggestion,
        kind=kind,
        name=name,
        content_type=file_kind.content_type,
        size=upload.size,
        reply=reply,
        progress=progress,
        uploaded_by=by,
    )
    attachment.full_clean(exclude=["file"])
    # A random stored name: the original (often Chinese, sometimes long) name is kept for display.
    upload.seek(0)
    attachment.file.save(f"{uuid4().hex}{os.path.splitext(name)[1].lower()}", upload, save=False)
    written = _written.get()
    if written is not None:
        written.append((attachment.file.storage, attachment.file.name))
    attachment.save()
    return attachment


def _check_uploads(uploads: Sequence, *, already: int, field: str = "attachments") -> list[FileKind]:
    uploads = [u for u in uploads if u]
    if already + len(uploads) > FILING_FILES_MAX:
        raise ValidationError({field: ValidationError(TOO_MANY_FILES, params={"limit": FILING_FILES_MAX})})
    kinds, errors = [], []
    for upload in uploads:
        try:
            kinds.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError({field: errors})
    return kinds


# Helpers --------------------------------------------------------------------------------------------


def _may_act_for_lead(suggestion: Suggestion, by) -> bool:
    """The lead deputy's own account; or staff filing for deputies, on what was not filed by the
    deputy's own account (a deputy's own draft stays theirs)."""
    lead_user = suggestion.lead_deputy.user_id
    if lead_user is not None and lead_user == by.pk:
        return True
    return by.has_perm(FILE_ON_BEHALF) and (lead_user is None or suggestion.filed_by_id != lead_user)


def _require_lead_or_staff(suggestion: Suggestion, by) -> None:
    if not _may_act_for_lead(suggestion, by):
        raise IllegalMove(NOT_THE_LEAD)


def _reviewers():
    """Active users who review suggestions, through their role or their own permissions."""
    app_label, codename = "proposals", "review_suggestion"
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if perm is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True)
        .distinct()
    )


def _account_of(deputy: Deputy):
    user = deputy.user
    return [user] if user is not None and user.is_active else []


def _year_of(session: Session | None) -> int:
    return session.start_date.year if session is not None else timezone.localdate().year


def _distinct(deputies: Iterable[Deputy]) -> list[Deputy]:
    return list({d.pk: d for d in deputies or ()}.values())


def _validate(*, term, lead_deputy, title, content, category, session, cosigners) -> None:
    """Every rule of a suggestion's content, with its message at the field it is about."""
    errors: dict[str, list] = {}

    def add(field, message, **params):
        errors.setdefault(field, []).append(ValidationError(message, params=params or None))

    if term is None:
        raise ValidationError(NO_CURRENT_TERM)
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        add("title", TITLE_REQUIRED)
    elif len(title) > TITLE_MAX:
        add("title", TITLE_TOO_LONG, limit_value=TITLE_MAX, show_value=len(title))
    if not content:
        add("content", CONTENT_REQUIRED)
    elif len(content) > CONTENT_MAX:
        add("content", CONTENT_TOO_LONG, limit_value=CONTENT_MAX, show_value=len(content))
    if category not in Category.values:
        add("category", CATEGORY_REQUIRED)
    if session is not None and session.term_id != term.pk:
        add("session", SESSION_NOT_IN_TERM)
    eligible = set(
        eligible_deputies()
        .filter(pk__in=[lead_deputy.pk, *(d.pk for d in cosigners)])
        .values_list("pk", flat=True)
    )
    if lead_deputy.pk not in eligible:
        add("lead_deputy", LEAD_NOT_ELIGIBLE, name=lead_deputy.name)
    for deputy in cosigners:
        if deputy.pk == lead_deputy.pk:
            add("cosigners", COSIGNER_IS_LEAD)
        elif deputy.pk not in eligible:
            add("cosigners", COSIGNER_NOT_ELIGIBLE, name=deputy.name)
    if errors:
        raise ValidationError(errors)


def _set_cosigners(suggestion: Suggestion, cosigners: list[Deputy]) -> None:
    """Keep the answers of those still asked; drop those taken off; invite the new ones."""
    wanted = {d.pk for d in cosigners}
    Cosignature.objects.filter(suggestion=suggestion).exclude(deputy_id__in=wanted).delete()
    have = set(Cosignature.objects.filter(suggestion=suggestion).values_list("deputy_id", flat=True))
    Cosignature.objects.bulk_create(
        [Cosignature(suggestion=suggestion, deputy_id=pk) for pk in sorted(wanted - have)]
    )


def _title_args(suggestion: Suggestion) -> dict:
    return {"deputy": suggestion.lead_deputy.name, "title": suggestion.title}


def _submit(suggestion: Suggestion, by) -> None:
    """Send a locked draft or returned suggestion to the committee and invite its co-signers."""
    suggestion.submitted_at = timezone.now()
    move(suggestion, MOVES, "submit", by=by, update_fields=["submitted_at"])
    submission = transitions_of(suggestion).filter(action="submit").count()
    url = suggestion.get_absolute_url()
    notify(
        recipients=_reviewers(),
        title=gettext("%(deputy)s submitted a suggestion: %(title)s") % _title_args(suggestion),
        body=suggestion.content[:200],
        key=f"suggestion:{suggestion.pk}:submitted:{submission}",
        url=url,
    )
    invited = Cosignature.objects.filter(
        suggestion=suggestion, state=Cosignature.State.INVITED
    ).select_related("deputy__user")
    for cosignature in invited:
        notify(
            recipients=_account_of(cosignature.deputy),
            title=gettext("%(deputy)s asks you to co-sign a suggestion: %(title)s") % _title_args(suggestion),
            body=suggestion.content[:200],
            key=f"suggestion:{suggestion.pk}:cosign:{cosignature.deputy_id}",
            url=reverse_cosign(suggestion),
        )


def reverse_cosign(suggestion: Suggestion) -> str:
    return reverse("proposals:cosign", args=[suggestion.pk])


def _tell_lead_filed_for_them(suggestion: Suggestion, by) -> None:
    if suggestion.lead_deputy.user_id == by.pk:
        return
    if suggestion.state == State.DRAFT:
        title = gettext("A draft suggestion was prepared for you: %(title)s")
    else:
        title = gettext("A suggestion was filed on your behalf: %(title)s")
    notify(
        recipients=_account_of(suggestion.lead_deputy),
        title=title % _title_args(suggestion),
        key=f"suggestion:{suggestion.pk}:filed_for:{suggestion.lead_deputy_id}",
        url=suggestion.get_absolute_url(),
    )


# Services -------------------------------------------------------------------------------------------


@_files_removed_on_error
@transaction.atomic
def suggestion_create(
    *,
    lead_deputy: Deputy,
    title: str,
    content: str,
    category: str,
    session: Session | None,
    cosigners: Iterable[Deputy],
    by,
    origin_opinion: Opinion | None = None,
    attachments: Sequence = (),
    submit: bool = False,
) -> Suggestion:
    """A new draft led by `lead_deputy`, with its co-signers invited and its files; `submit` sends it
    to the committee at once (a deputy's "submit", or staff entering a paper form at the session)."""
    term = current_term()
    cosigners = _distinct(cosigners)
    _validate(
        term=term,
        lead_deputy=lead_deputy,
        title=title,
        content=content,
        category=category,
        session=session,
        cosigners=cosigners,
    )
    file_kinds = _check_uploads(attachments, already=0)
    suggestion = Suggestion(
        term=term,
        session=session,
        year=_year_of(session),
        title=title.strip(),
        content=content.strip(),
        category=category,
        lead_deputy=lead_deputy,
        delegation_id=lead_deputy.township_id,
        filed_by=by,
        origin_opinion=origin_opinion,
        state=State.DRAFT,
    )
    suggestion.full_clean()
    suggestion.save()
    _set_cosigners(suggestion, cosigners)
    for upload, file_kind in zip([u for u in attachments if u], file_kinds, strict=True):
        _store(suggestion=suggestion, upload=upload, file_kind=file_kind, kind=Attachment.Kind.FILING, by=by)
    if submit:
        _submit(suggestion, by)
    _tell_lead_filed_for_them(suggestion, by)
    return suggestion


UPDATABLE = ("title", "content", "category", "session", "cosigners", "lead_deputy")


@_files_removed_on_error
@transaction.atomic
def suggestion_update(
    *,
    suggestion: Suggestion,
    by,
    version: str | None = None,
    attachments: Sequence = (),
    remove_attachments: Iterable[Attachment] = (),
    submit: bool = False,
    **fields,
) -> Suggestion:
    """Change a draft or a returned suggestion (any of UPDATABLE), add or remove its files, and
    optionally submit it (again)."""
    unknown = set(fields) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"suggestion_update() cannot change {sorted(unknown)}")
    suggestion = suggestion_locked(suggestion, version)
    if suggestion.state not in EDITABLE:
        raise IllegalMove(NOT_EDITABLE)
    _require_lead_or_staff(suggestion, by)
    lead = fields.get("lead_deputy", suggestion.lead_deputy)
    if lead.pk != suggestion.lead_deputy_id and not by.has_perm(FILE_ON_BEHALF):
        raise IllegalMove(NOT_THE_LEAD)
    cosigners = _distinct(fields["cosigners"]) if "cosigners" in fields else list(suggestion.cosigners.all())
    values = {
        "title": fields.get("title", suggestion.title),
        "content": fields.get("content", suggestion.content),
        "category": fields.get("category", suggestion.category),
        "session": fields.get("session", suggestion.session),
    }
    _validate(term=suggestion.term, lead_deputy=lead, cosigners=cosigners, **values)
    removing = list(
        suggestion.attachments.filter(kind=Attachment.Kind.FILING, pk__in=[a.pk for a in remove_attachments])
    )
    kept = suggestion.attachments.filter(kind=Attachment.Kind.FILING).count() - len(removing)
    file_kinds = _check_uploads(attachments, already=kept)

    suggestion.title = values["title"].strip()
    suggestion.content = values["content"].strip()
    suggestion.category = values["category"]
    suggestion.session = values["session"]
    suggestion.year = _year_of(values["session"])
    suggestion.lead_deputy = lead
    suggestion.delegation_id = lead.township_id
    suggestion.full_clean()
    suggestion.save()
    # The version covers the row, not the co-signer list beside it (a many-to-many): after a save
    # that changed only the co-signers, a form opened before it is not refused and its list wins.
    if "cosigners" in fields or "lead_deputy" in fields:
        _set_cosigners(suggestion, cosigners)
    for attachment in removing:
        _remove_file_on_commit(attachment)
        attachment.delete()
    for upload, file_kind in zip([u for u in attachments if u], file_kinds, strict=True):
        _store(suggestion=suggestion, upload=upload, file_kind=file_kind, kind=Attachment.Kind.FILING, by=by)
    if submit:
        _submit(suggestion, by)
    return suggestion


@transaction.atomic
def suggestion_submit(*, suggestion: Suggestion, by, version: str | None = None) -> Suggestion:
    """Draft or returned -> submitted: staff are told, co-signers invited."""
    suggestion = suggestion_locked(suggestion, version)
    _require_lead_or_staff(suggestion, by)
    if suggestion.state in MOVES["submit"].sources:
        # Co-signers may have left office since the draft was saved.
        _validate(
            term=suggestion.term,
            lead_deputy=suggestion.lead_deputy,
            title=suggestion.title,
            content=suggestion.content,
            category=suggestion.category,
            session=suggestion.session,
            cosigners=list(suggestion.cosigners.all()),
        )
    _submit(suggestion, by)
    return suggestion


@transaction.atomic
def suggestion_withdraw(
    *, suggestion: Suggestion, by, version: str | None = None, note: str = ""
) -> Suggestion:
    """The lead deputy takes back a draft, a submitted or a returned suggestion."""
    suggestion = suggestion_locked(suggestion, version)
    _require_lead_or_staff(suggestion, by)
    was = suggestion.state
    move(suggestion, MOVES, "withdraw", by=by, note=note)
    if was != State.DRAFT:
        notify(
            recipients=_reviewers(),
            title=gettext("%(deputy)s withdrew a suggestion: %(title)s") % _title_args(suggestion),
            key=f"suggestion:{suggestion.pk}:withdrawn",
            url=suggestion.get_absolute_url(),
        )
    return suggestion


@transaction.atomic
def cosignature_answer(*, suggestion: Suggestion, deputy: Deputy, confirm: bool, by) -> Suggestion:
    """An invited co-signer confirms (then the co-signature counts) or declines."""
    suggestion = suggestion_locked(suggestion)
    if deputy.user_id != by.pk and not by.has_perm(FILE_ON_BEHALF):
        raise IllegalMove(NOT_INVITED)
    cosignature = Cosignature.objects.select_for_update().filter(suggestion=suggestion, deputy=deputy).first()
    if cosignature is None:
        raise IllegalMove(NOT_INVITED)
    if cosignature.state != Cosignature.State.INVITED:
        raise IllegalMove(ALREADY_ANSWERED)
    if suggestion.state not in COSIGN_OPEN:
        raise IllegalMove(COSIGNING_CLOSED)
    cosignature.state = Cosignature.State.CONFIRMED if confirm else Cosignature.State.DECLINED
    cosignature.answered_at = timezone.now()
    cosignature.full_clean()
    cosignature.save()
    if confirm:
        title = gettext("%(cosigner)s co-signed your suggestion: %(title)s")
    else:
        title = gettext("%(cosigner)s declined to co-sign your suggestion: %(title)s")
    notify(
        recipients=_account_of(suggestion.lead_deputy),
        title=title % {"cosigner": deputy.name, "title": suggestion.title},
        key=f"suggestion:{suggestion.pk}:cosign_answer:{deputy.pk}",
        url=suggestion.get_absolute_url(),
    )
    return suggestion


@_files_removed_on_error
@transaction.atomic
def attachment_add(*, suggestion: Suggestion, upload, kind: str, by, reply=None, progress=None) -> Attachment:
    """Attach a file whose content matches its name: the deputy's material (while the suggestion can
    be changed), a reply letter or evidence of implementation (the handling services' own checks
    decide when those may be added)."""
    try:
        file_kind = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc
    if kind == Attachment.Kind.FILING:
        suggestion = suggestion_locked(suggestion)
        if suggestion.state not in EDITABLE:
            raise IllegalMove(NOT_EDITABLE)
        _require_lead_or_staff(suggestion, by)
        already = suggestion.attachments.filter(kind=Attachment.Kind.FILING).count()
        _check_uploads([upload], already=already, field="file")
    for parent in (reply, progress):
        if parent is not None and parent.suggestion_id != suggestion.pk:
            raise ValueError("the reply or progress update belongs to another suggestion")
    return _store(
        suggestion=suggestion,
        upload=upload,
        file_kind=file_kind,
        kind=kind,
        by=by,
        reply=reply,
        progress=progress,
    )


def _remove_file_on_commit(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    """Take a file off a draft or returned suggestion; the file goes once the change is committed."""
    suggestion = suggestion_locked(attachment.suggestion)
    if suggestion.state not in EDITABLE or attachment.kind != Attachment.Kind.FILING:
        raise IllegalMove(NOT_EDITABLE)
    _require_lead_or_staff(suggestion, by)
    _remove_file_on_commit(attachment)
    attachment.delete()


def opinion_title(opinion: Opinion) -> str:
    """A starting title from an opinion: its first line, shortened."""
    first = (opinion.content or "").strip().splitlines()[0] if (opinion.content or "").strip() else ""
    return first if len(first) <= OPINION_TITLE_CHARS else first[: OPINION_TITLE_CHARS - 1] + "…"


@transaction.atomic
def suggestion_from_opinion(
    *, opinion: Opinion, lead_deputy: Deputy, by, title: str | None = None
) -> Suggestion:
    """A draft for `lead_deputy` whose starting text is a constituent opinion marked to become a
    suggestion; the opinion is its origin (Suggestion.origin_opinion, Opinion.suggestion)."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.state != Opinion.State.TO_SUGGESTION:
        raise IllegalMove(OPINION_NOT_TO_SUGGESTION)
    if Suggestion.objects.filter(origin_opinion=opinion).exists():
        raise IllegalMove(OPINION_ALREADY_CONVERTED)
    return suggestion_create(
        lead_deputy=lead_deputy,
        title=title if title is not None else opinion_title(opinion),
        content=opinion.content,
        category=CATEGORY_OF_OPINION.get(opinion.category, Category.OTHER),
        session=session_on(),
        cosigners=[],
        by=by,
        origin_opinion=opinion,
    )
