"""Helpers of the filing tests: eligible deputies, files of every kind (real first bytes), and the
message a rule gives in the language the pages speak by default."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from deputies.models import Level
from renda.core.uploads import OLE_MAGIC
from tests.deputies.factories import DeputyFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE = OLE_MAGIC + b"\x00" * 504
TEXT = "这是一段纯文本。不是PDF。".encode()


def county_deputy(term, **kwargs):
    """An active county deputy of `term`, who may lead or co-sign a suggestion."""
    return DeputyFactory(levels=[Level.COUNTY], levels__term=term, **kwargs)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "建议"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "调研材料.pdf") -> SimpleUploadedFile:
    return upload(name, PDF, "application/pdf")


def message(constant, **params) -> str:
    """A rule's message as a page in the default language (zh-hans) shows it."""
    with translation.override("zh-hans"):
        return str(constant) % params if params else str(constant)


def files_in(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
