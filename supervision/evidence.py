"""Evidence files: which kinds are accepted, checked from their content (not their name), and storing them.

A file named 整改报告.pdf must begin like a PDF; a .docx must be a zip with a word/ folder; an old
.doc or .xls must be an OLE compound file. Anything else is refused with a translated message.
"""

import os
import zipfile
from dataclasses import dataclass
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
NAME_MAX = 150

FILE_EMPTY = _("“%(name)s” is empty.")
FILE_TOO_BIG = _("“%(name)s” is larger than 10 MB.")
FILE_TYPE_NOT_ALLOWED = _(
    "“%(name)s” is not an accepted kind of file. Upload PDF, JPEG, PNG, Word or Excel files."
)
FILE_NOT_WHAT_IT_SAYS = _(
    "“%(name)s” is not really a %(kind)s file: its content does not match its name. "
    "Save it again in the right format and upload it."
)
TOO_MANY_FILES = _("Upload at most %(count)s files at once.")


@dataclass(frozen=True)
class FileKind:
    label: str  # a product name, the same in every language
    content_type: str
    signature: str  # what sniff() must find


WORD_X = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL_X = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_KINDS = {
    ".pdf": FileKind("PDF", "application/pdf", "pdf"),
    ".jpg": FileKind("JPEG", "image/jpeg", "jpeg"),
    ".jpeg": FileKind("JPEG", "image/jpeg", "jpeg"),
    ".png": FileKind("PNG", "image/png", "png"),
    ".docx": FileKind("Word", WORD_X, "docx"),
    ".xlsx": FileKind("Excel", EXCEL_X, "xlsx"),
    # The old binary formats are OLE compound files; their first bytes do not tell them apart.
    ".doc": FileKind("Word", "application/msword", "ole"),
    ".xls": FileKind("Excel", "application/vnd.ms-excel", "ole"),
}
ACCEPT = ",".join(FILE_KINDS)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def display_name(name: str) -> str:
    """The file's own name without any folder, short enough to keep."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "file"
    if len(base) <= NAME_MAX:
        return base
    stem, ext = os.path.splitext(base)
    return stem[: NAME_MAX - len(ext)] + ext


def check_upload(upload) -> FileKind:
    """The kind of an uploaded file, checked from its content; a ValidationError says what is wrong."""
    name = display_name(upload.name)
    if not upload.size:
        raise ValidationError(FILE_EMPTY, code="empty", params={"name": name})
    if upload.size > MAX_BYTES:
        raise ValidationError(FILE_TOO_BIG, code="too_big", params={"name": name})
    kind = FILE_KINDS.get(os.path.splitext(name)[1].lower())
    if kind is None:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED, code="type", params={"name": name})
    if sniff(upload) != kind.signature:
        raise ValidationError(
            FILE_NOT_WHAT_IT_SAYS, code="content", params={"name": name, "kind": kind.label}
        )
    return kind


def check_uploads(uploads) -> list[tuple[object, FileKind]]:
    """Every upload with its kind; the first refusal is raised (nothing has been stored yet)."""
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(TOO_MANY_FILES, code="too_many", params={"count": MAX_FILES})
    return [(upload, check_upload(upload)) for upload in uploads]


def stored_name(name: str) -> str:
    """A random name on disk: the original (often Chinese, sometimes long) one is kept for display."""
    return f"{uuid4().hex}{os.path.splitext(name)[1].lower()}"
