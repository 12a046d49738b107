"""Evidence files: which kinds are accepted, checked from their content (not their name), and storing them.

The detection itself is renda.core.uploads; here are the kinds supervision accepts and its messages.
"""

import os
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renda.core.uploads import FileKind, Refusals, check_kind, display_name, kinds

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10

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


FILE_KINDS = kinds(".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls")
ACCEPT = ",".join(FILE_KINDS)


def check_upload(upload) -> FileKind:
    """The kind of an uploaded file, checked from its content; a ValidationError says what is wrong."""
    return check_kind(
        upload,
        name=display_name(upload.name),
        accepted=FILE_KINDS,
        max_bytes=MAX_BYTES,
        refusals=Refusals(
            empty=FILE_EMPTY, too_big=FILE_TOO_BIG, type=FILE_TYPE_NOT_ALLOWED, content=FILE_NOT_WHAT_IT_SAYS
        ),
    )


def check_uploads(uploads) -> list[tuple[object, FileKind]]:
    """Every upload with its kind; the first refusal is raised (nothing has been stored yet)."""
    uploads = [u for u in uploads or () if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError(TOO_MANY_FILES, code="too_many", params={"count": MAX_FILES})
    return [(upload, check_upload(upload)) for upload in uploads]


def stored_name(name: str) -> str:
    """A random name on disk: the original (often Chinese, sometimes long) one is kept for display."""
    return f"{uuid4().hex}{os.path.splitext(name)[1].lower()}"
