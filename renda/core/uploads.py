"""What an uploaded file really is, told from its content rather than its name.

A file named 答复函.pdf must begin like a PDF; a .docx must be a zip with a word/ folder; an old
.doc, .xls or .wps must be an OLE compound file. Each app chooses which kinds it accepts and words
its own refusals; the detection is the same everywhere.
"""

import os
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

NAME_MAX = 150


@dataclass(frozen=True)
class FileKind:
    label: str  # a product name, the same in every language
    content_type: str
    signature: str  # what sniff() must find


@dataclass(frozen=True)
class Refusals:
    """An app's own words for refusing an upload: each takes %(name)s; `content` also %(kind)s."""

    empty: str
    too_big: str
    type: str
    content: str


WORD_X = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL_X = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every kind any app accepts, by file ending.
KINDS = {
    ".pdf": FileKind("PDF", "application/pdf", "pdf"),
    ".jpg": FileKind("JPEG", "image/jpeg", "jpeg"),
    ".jpeg": FileKind("JPEG", "image/jpeg", "jpeg"),
    ".png": FileKind("PNG", "image/png", "png"),
    ".docx": FileKind("Word", WORD_X, "docx"),
    ".xlsx": FileKind("Excel", EXCEL_X, "xlsx"),
    # The old binary formats are all OLE compound files; their first bytes do not tell them apart.
    ".doc": FileKind("Word", "application/msword", "ole"),
    ".xls": FileKind("Excel", "application/vnd.ms-excel", "ole"),
    ".wps": FileKind("WPS", "application/vnd.ms-works", "ole"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kinds(*endings: str) -> dict[str, FileKind]:
    """The accepted kinds of an app, by file ending."""
    return {ending: KINDS[ending] for ending in endings}


def sniff(upload) -> str | None:
    """What the content of `upload` is, from its first bytes (and a zip's entries), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return None
        finally:
            upload.seek(0)
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def display_name(name: str, max_length: int = NAME_MAX) -> str:
    """The file's own name without any folder, short enough to keep."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "file"
    if len(base) <= max_length:
        return base
    stem, ext = os.path.splitext(base)
    return stem[: max_length - len(ext)] + ext


def check_kind(
    upload,
    *,
    name: str,
    accepted: dict[str, FileKind],
    max_bytes: int,
    refusals: Refusals,
    too_big_params: dict | None = None,
) -> FileKind:
    """The kind of `upload` among `accepted`, told from its content.

    A ValidationError in the app's words (code empty, too_big, type or content) says what is wrong;
    `name` is the name shown in it, `too_big_params` any more values the too_big message takes.
    """
    if not upload.size:
        raise ValidationError(refusals.empty, code="empty", params={"name": name})
    if upload.size > max_bytes:
        raise ValidationError(
            refusals.too_big, code="too_big", params={"name": name, **(too_big_params or {})}
        )
    kind = accepted.get(os.path.splitext(name)[1].lower())
    if kind is None:
        raise ValidationError(refusals.type, code="type", params={"name": name})
    if sniff(upload) != kind.signature:
        raise ValidationError(refusals.content, code="content", params={"name": name, "kind": kind.label})
    return kind
