"""Writes of publicity: articles and their workflow, the registers, and published handling results.

Every state change of an article goes through `_move`, which locks the row, checks the transition
table (publicity.workflow.MOVES) and records who, when and why; the author hears of a return or a
publication through core's notifications, written in the same transaction.
"""

import os
import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.models import Suggestion
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
from publicity.selectors import RESULT_STATES
from publicity.workflow import MOVES
from renda.core.models import Transition
from renda.core.services import notify
from renda.core.uploads import display_name, sniff
from renda.core.versions import locked_at
from renda.core.workflow import move, record_transition

MiB = 1024 * 1024
IMAGE_MAX_BYTES = 5 * MiB
PDF_MAX_BYTES = 20 * MiB
VIDEO_MAX_BYTES = 200 * MiB

FILE_EMPTY = gettext_lazy("“%(name)s” is empty.")
IMAGE_TOO_BIG = gettext_lazy("“%(name)s” is larger than 5 MB.")
PDF_TOO_BIG = gettext_lazy("“%(name)s” is larger than 20 MB.")
VIDEO_TOO_BIG = gettext_lazy("“%(name)s” is larger than 200 MB.")
NOT_AN_IMAGE = gettext_lazy(
    "“%(name)s” is not a JPEG or PNG image: its content does not match. Upload a JPEG or PNG picture."
)
NOT_A_PDF = gettext_lazy(
    "“%(name)s” is not a PDF file: its content does not match. Save it as PDF and upload it again."
)
NOT_AN_MP4 = gettext_lazy("“%(name)s” is not an MP4 video: its content does not match. Upload an MP4 file.")

OWN_ARTICLE = gettext_lazy("You wrote this article: another person must review and publish it.")
RETURN_NOTE_REQUIRED = gettext_lazy("Say what should be changed before the article is returned.")
WITHDRAW_REASON_REQUIRED = gettext_lazy("Give the reason for withdrawing the article.")
NOT_EDITABLE = gettext_lazy("Only a draft can be edited. Take the article back to draft first.")
SUMMARY_HAS_PHONE = gettext_lazy(
    "The summary contains something that looks like a phone number. Remove every phone number "
    "before publishing."
)
SUGGESTION_NOT_REPLIED = gettext_lazy(
    "Only a suggestion that has been replied to can have its result published."
)
ALREADY_PUBLISHED = gettext_lazy("The result of this suggestion has already been published.")
RESULT_NOT_WITHDRAWN = gettext_lazy("This result is published; withdraw it first.")
RESULT_ALREADY_WITHDRAWN = gettext_lazy("This result has already been withdrawn.")

# An 11-digit mobile number (possibly written 139 1234 5678 or 139-1234-5678), or a landline with
# its area code such as 0357-5521234 or (0357)5521234.
PHONE_PATTERN = re.compile(
    r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"
    r"|[(（]?0\d{2,3}[)）]?[\s\-－—]?\d{7,8})(?!\d)"
)


def looks_like_phone(text: str) -> bool:
    return bool(PHONE_PATTERN.search(text or ""))


# Uploads -------------------------------------------------------------------------------------------


def _sniff_media(upload) -> str | None:
    """renda.core.uploads.sniff, plus MP4 (an ISO media file has "ftyp" at bytes 4..8)."""
    kind = sniff(upload)
    if kind:
        return kind
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    return "mp4" if head[4:8] == b"ftyp" else None


def _check(upload, *, allowed: set[str], max_bytes: int, too_big, wrong_kind) -> None:
    name = display_name(upload.name)
    if not upload.size:
        raise ValidationError(FILE_EMPTY, code="empty", params={"name": name})
    if upload.size > max_bytes:
        raise ValidationError(too_big, code="too_big", params={"name": name})
    if _sniff_media(upload) not in allowed:
        raise ValidationError(wrong_kind, code="content", params={"name": name})


def check_image(upload) -> None:
    """A cover or poster: JPEG or PNG by content, at most 5 MB."""
    _check(
        upload,
        allowed={"jpeg", "png"},
        max_bytes=IMAGE_MAX_BYTES,
        too_big=IMAGE_TOO_BIG,
        wrong_kind=NOT_AN_IMAGE,
    )


def check_pdf(upload) -> None:
    _check(upload, allowed={"pdf"}, max_bytes=PDF_MAX_BYTES, too_big=PDF_TOO_BIG, wrong_kind=NOT_A_PDF)


def check_video(upload) -> None:
    _check(upload, allowed={"mp4"}, max_bytes=VIDEO_MAX_BYTES, too_big=VIDEO_TOO_BIG, wrong_kind=NOT_AN_MP4)


def _stored_upload_name(upload) -> None:
    """Keep only the extension of the original name; upload_path gives the file a random name."""
    upload.name = "upload" + os.path.splitext(upload.name or "")[1].lower()


def _attach(obj, field: str, upload, check) -> None:
    """Check an upload and put it in `obj.<field>` under a neutral name; without an upload, nothing."""
    if upload:
        check(upload)
        _stored_upload_name(upload)
        setattr(obj, field, upload)


# Helpers -------------------------------------------------------------------------------------------


def _apply(obj, data: dict):
    for field, value in data.items():
        setattr(obj, field, value)
    return obj


def _save(obj, data: dict, *, exclude=None):
    _apply(obj, data)
    obj.full_clean(exclude=exclude)
    obj.save()
    return obj


# Articles ------------------------------------------------------------------------------------------

ARTICLE_FIELDS = ("title", "column", "summary", "body", "author", "source")


@transaction.atomic
def article_create(*, data: dict, cover=None, by) -> Article:
    article = Article(created_by=by, state=Article.State.DRAFT)
    _apply(article, {k: v for k, v in data.items() if k in ARTICLE_FIELDS})
    _attach(article, "cover", cover, check_image)
    article.full_clean()
    article.save()
    record_transition(article, "created", from_state="", to_state=article.state, by=by)
    return article


@transaction.atomic
def article_update(*, article: Article, data: dict, cover=None, remove_cover: bool = False, by) -> Article:
    article = locked_at(Article, article.pk, data.get("version"))
    if article.state != Article.State.DRAFT:
        raise ValidationError(NOT_EDITABLE, code="not_editable")
    _apply(article, {k: v for k, v in data.items() if k in ARTICLE_FIELDS})
    _attach(article, "cover", cover, check_image)
    if not cover and remove_cover:
        article.cover = ""
    article.full_clean()
    article.save()
    return article


def _lock(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _notify_author(
    article: Article, *, event: str, transition: Transition, title: str, body: str = ""
) -> None:
    notify(
        recipients=[article.created_by],
        title=title,
        body=body,
        key=f"article:{article.pk}:{event}:{transition.pk}",
        url=reverse("publicity:article_detail", args=[article.pk]),
    )


@transaction.atomic
def article_submit(*, article: Article, by) -> Article:
    article = _lock(article)
    article.submitted_at = timezone.now()
    move(article, MOVES, "submit", by=by, update_fields=["submitted_at"])
    return article


@transaction.atomic
def article_publish(*, article: Article, by, at: datetime | None = None, note: str = "", now=None) -> Article:
    """Approve and publish, now or at `at` (a future time schedules the publication)."""
    article = _lock(article)
    if article.state in MOVES["publish"].sources and article.created_by_id == by.pk:
        raise ValidationError(OWN_ARTICLE, code="own_article")
    now = now or timezone.now()
    article.published_at = at if at is not None and at > now else now
    article.reviewed_by = by
    article.review_note = note
    transition = move(
        article,
        MOVES,
        "publish",
        by=by,
        note=note,
        update_fields=["published_at", "reviewed_by", "review_note"],
    )
    if article.published_at > now:
        title = _("Your article “%(title)s” is approved and scheduled for %(time)s.") % {
            "title": article.title,
            "time": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"),
        }
    else:
        title = _("Your article “%(title)s” is published.") % {"title": article.title}
    _notify_author(article, event="published", transition=transition, title=title, body=note)
    return article


@transaction.atomic
def article_return(*, article: Article, by, note: str) -> Article:
    if not (note or "").strip():
        raise ValidationError({"note": RETURN_NOTE_REQUIRED})
    article = _lock(article)
    article.reviewed_by = by
    article.review_note = note.strip()
    transition = move(
        article,
        MOVES,
        "return",
        by=by,
        note=article.review_note,
        update_fields=["reviewed_by", "review_note"],
    )
    _notify_author(
        article,
        event="returned",
        transition=transition,
        title=_("Your article “%(title)s” was returned for changes.") % {"title": article.title},
        body=article.review_note,
    )
    return article


@transaction.atomic
def article_withdraw(*, article: Article, by, reason: str) -> Article:
    if not (reason or "").strip():
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    article = _lock(article)
    article.withdrawn_reason = reason.strip()
    transition = move(
        article, MOVES, "withdraw", by=by, note=article.withdrawn_reason, update_fields=["withdrawn_reason"]
    )
    _notify_author(
        article,
        event="withdrawn",
        transition=transition,
        title=_("Your article “%(title)s” was withdrawn.") % {"title": article.title},
        body=article.withdrawn_reason,
    )
    return article


@transaction.atomic
def article_redraft(*, article: Article, by) -> Article:
    """A withdrawn article back to draft: it must pass review again to be public again."""
    article = _lock(article)
    article.published_at = None
    article.reviewed_by = None
    move(article, MOVES, "redraft", by=by, update_fields=["published_at", "reviewed_by"])
    return article


# Registers -----------------------------------------------------------------------------------------


def _row(model, obj, version: str | None):
    """A new row of `model`, or `obj` locked for the save and refused (EditConflict) if it changed
    since the form showing it was opened at `version`."""
    return model() if obj is None else locked_at(model, obj.pk, version)


@transaction.atomic
def column_save(*, column: Column | None = None, data: dict, version: str | None = None) -> Column:
    return _save(_row(Column, column, version), data)


@transaction.atomic
def issue_save(
    *, issue: PeriodicalIssue | None = None, data: dict, pdf=None, cover=None, version: str | None = None
) -> PeriodicalIssue:
    issue = _apply(_row(PeriodicalIssue, issue, version), data)
    _attach(issue, "pdf", pdf, check_pdf)
    if pdf:
        issue.pdf_size = pdf.size
    _attach(issue, "cover", cover, check_image)
    return _save(issue, {})


@transaction.atomic
def video_save(
    *, video: Video | None = None, data: dict, file=None, poster=None, version: str | None = None
) -> Video:
    video = _apply(_row(Video, video, version), data)
    _attach(video, "file", file, check_video)
    _attach(video, "poster", poster, check_image)
    return _save(video, {})


@transaction.atomic
def correspondent_save(
    *, correspondent: Correspondent | None = None, data: dict, version: str | None = None
) -> Correspondent:
    return _save(_row(Correspondent, correspondent, version), data)


@transaction.atomic
def honour_add(*, correspondent: Correspondent, data: dict) -> Honour:
    return _save(Honour(correspondent=correspondent), data)


@transaction.atomic
def honour_delete(*, honour: Honour) -> None:
    honour.delete()


@transaction.atomic
def publication_save(
    *, publication: ExternalPublication | None = None, data: dict, correspondents, version: str | None = None
) -> ExternalPublication:
    publication = _save(_row(ExternalPublication, publication, version), data)
    publication.correspondents.set(correspondents)
    return publication


# Published handling results (代表法 Art. 51) ----------------------------------------------------------


def _check_summary(summary: str) -> str:
    summary = (summary or "").strip()
    if looks_like_phone(summary):
        raise ValidationError({"summary": ValidationError(SUMMARY_HAS_PHONE, code="phone")})
    return summary


@transaction.atomic
def result_publish(*, suggestion: Suggestion, summary: str, by, now=None) -> PublishedResult:
    summary = _check_summary(summary)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state not in RESULT_STATES or not suggestion.replies.exists():
        raise ValidationError(SUGGESTION_NOT_REPLIED, code="not_replied")
    if PublishedResult.objects.filter(suggestion=suggestion).exists():
        raise ValidationError(ALREADY_PUBLISHED, code="duplicate")
    result = PublishedResult(
        suggestion=suggestion, summary=summary, published_at=now or timezone.now(), published_by=by
    )
    result.full_clean()
    result.save()
    record_transition(result, "publish", from_state="", to_state="published", by=by)
    return result


@transaction.atomic
def result_update(
    *, result: PublishedResult, summary: str, by, version: str | None = None
) -> PublishedResult:
    summary = _check_summary(summary)
    result = locked_at(PublishedResult, result.pk, version)
    result.summary = summary
    result.full_clean()
    result.save()
    state = "withdrawn" if result.is_withdrawn else "published"
    record_transition(result, "update", from_state=state, to_state=state, by=by)
    return result


@transaction.atomic
def result_withdraw(*, result: PublishedResult, by, reason: str = "") -> PublishedResult:
    result = PublishedResult.objects.select_for_update().get(pk=result.pk)
    if result.is_withdrawn:
        raise ValidationError(RESULT_ALREADY_WITHDRAWN, code="withdrawn")
    result.is_withdrawn = True
    result.save(update_fields=["is_withdrawn", "updated_at"])
    record_transition(result, "withdraw", from_state="published", to_state="withdrawn", by=by, note=reason)
    return result


@transaction.atomic
def result_republish(*, result: PublishedResult, by, now=None) -> PublishedResult:
    result = PublishedResult.objects.select_for_update().get(pk=result.pk)
    if not result.is_withdrawn:
        raise ValidationError(RESULT_NOT_WITHDRAWN, code="published")
    _check_summary(result.summary)
    result.is_withdrawn = False
    result.published_at = now or timezone.now()
    result.published_by = by
    result.save(update_fields=["is_withdrawn", "published_at", "published_by", "updated_at"])
    record_transition(result, "republish", from_state="withdrawn", to_state="published", by=by)
    return result
