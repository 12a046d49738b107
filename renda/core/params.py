"""Reading the values a view takes straight from request.GET or request.POST, outside any form.

A query string or a body can hold anything: NUL and other control characters (PostgreSQL refuses NUL
in a string), numbers no column can hold, years no date can hold, ids that are not numbers. Each
reader here answers with a value the view can use or with None (or its default), so that a bad value
is read as no value: the page shows without that filter, never a server error. Forms need none of
this: Django's form fields already refuse NUL, and their cleaning is the check; only a search box
drops it, here as in `SearchField`, so that what was typed around it is still searched for.
"""

import re
from collections.abc import Collection, Iterable

import django_filters
from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme

YEAR_MIN, YEAR_MAX = 1949, 2100
# Ids are BigAutoField: what a signed 64-bit column can hold.
ID_MAX = 2**63 - 1
# More ids than any page ticks at once is not a selection but an attack on the query (Django itself
# refuses a body of more than DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000, fields).
IDS_MAX = 500
TEXT_MAX = 200
# A note posted with a state change (stored in a TextField): long enough for any real one.
NOTE_MAX = 5000
DIGITS_MAX = 20

# C0 and C1 control characters and DEL; tab, line feed and carriage return are kept by `clean_text`.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def clean_text(value: str | None) -> str:
    """`value` without NUL and the other control characters (line breaks and tabs kept)."""
    return _CONTROL.sub("", value or "")


def search_terms(value: str | None, *, max_length: int | None = TEXT_MAX) -> str:
    """What a search box sent, as one line: control characters dropped, runs of spaces made one."""
    return " ".join(clean_text(value).split())[:max_length]


def parse_int(value: str | int | None, *, low: int, high: int) -> int | None:
    """`value` as an integer when it is one written in ASCII digits within low..high, else None.

    int() alone would take "1_000", " 12 " and Arabic-Indic digits, and str.isdigit() passes "²",
    which int() then refuses: neither is a check of what a user may type.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = (value or "").strip() if isinstance(value, str) else ""
        if len(text) > DIGITS_MAX or not _INTEGER.fullmatch(text):
            return None
        number = int(text)
    return number if low <= number <= high else None


def is_year(value: int) -> bool:
    return YEAR_MIN <= value <= YEAR_MAX


def text(data: QueryDict, name: str, *, max_length: int = TEXT_MAX, default: str = "") -> str:
    """The value of `name`, control characters dropped, trimmed and cut to `max_length`."""
    value = clean_text(data.get(name)).strip()[:max_length]
    return value or default


def search(data: QueryDict, name: str = "q", *, max_length: int = TEXT_MAX) -> str:
    """The words typed in the search box `name` (see `search_terms`)."""
    return search_terms(data.get(name), max_length=max_length)


def integer(data: QueryDict, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    number = parse_int(data.get(name), low=low, high=high)
    return default if number is None else number


def year(data: QueryDict, name: str = "year", *, default: int | None = None) -> int | None:
    """A year between YEAR_MIN and YEAR_MAX, the years a record of the committee can bear."""
    return integer(data, name, low=YEAR_MIN, high=YEAR_MAX, default=default)


def object_id(data: QueryDict, name: str) -> int | None:
    """The id of a row: a whole number from 1 to what the column can hold."""
    return integer(data, name, low=1, high=ID_MAX)


def object_ids(data: QueryDict, name: str) -> list[int] | None:
    """Every value of `name` as an id; None when any of them is not one, or there are too many.

    All or nothing: a selection read in part would act on rows the user did not choose, or, read as
    empty, on all of them.
    """
    return parse_ids(data.getlist(name))


def parse_ids(values: Iterable[str]) -> list[int] | None:
    values = list(values)
    if len(values) > IDS_MAX:
        return None
    ids = [parse_int(value, low=1, high=ID_MAX) for value in values]
    return None if None in ids else list(dict.fromkeys(ids))


def choice(data: QueryDict, name: str, choices: Collection[str], *, default: str = "") -> str:
    """The value of `name` when it is one of `choices`, else `default`."""
    value = data.get(name)
    return value if value in choices else default


def next_url(request: HttpRequest, *sources: QueryDict, default: str) -> str:
    """Where to go once a form is done: the first `next` among `sources` when it is a path of this
    site without control characters (a Location header cannot carry them); `default` otherwise.
    A path, not any relative URL: redirect() takes a word without a slash for the name of a URL
    pattern, and "²" or "-1" answered 500 (NoReverseMatch)."""
    target = next((source.get("next") for source in sources if source.get("next")), "")
    if (
        target.startswith("/")
        and not _ANY_CONTROL.search(target)
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default


class SearchField(forms.CharField):
    """A search box of a form: the words typed, control characters dropped (a CharField would refuse
    the whole value for a NUL in it), runs of spaces made one; max_length still applies."""

    def to_python(self, value):
        return search_terms(super().to_python(value), max_length=None)


class SearchFilter(django_filters.CharFilter):
    """A django-filter CharFilter whose field is a SearchField."""

    field_class = SearchField
