"""Normalising and checking what people type or paste about a deputy: names, phones, dates of birth."""

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext_lazy as _

BAD_PHONE = _(
    "“%(value)s” is neither a mobile number (11 digits starting with 1) nor a landline such as 0357-7922345."
)
FUTURE_BIRTH_DATE = _("The date of birth cannot be in the future.")

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# A landline with an optional area code (0 and 2 or 3 digits), with or without a hyphen.
LANDLINE_RE = re.compile(r"^(?:0\d{2,3}-?)?\d{7,8}$")
_SPACES_RE = re.compile(r"\s+")


def normalise_text(value) -> str:
    """Full-width letters, digits and spaces to their ordinary forms (NFKC), outer spaces removed."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalise_name(value) -> str:
    """A person's name without any space, including the full-width spaces used to pad 2-character names."""
    return _SPACES_RE.sub("", normalise_text(value))


def normalise_phone(value) -> str:
    """Digits and hyphens of a phone as typed or as an Excel number cell (13912345678.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _SPACES_RE.sub("", normalise_text(value))
    text = text.replace("—", "-").replace("–", "-")
    if text.startswith("+86"):
        text = text[3:]
    return text


def is_valid_phone(text: str) -> bool:
    return bool(MOBILE_RE.match(text) or LANDLINE_RE.match(text))


def is_future(day: date, *, today: date) -> bool:
    return day > today
