"""Fuzzing the forms of every page: whatever a form's body holds (NUL and other control characters,
numbers no column or date can hold, ids that are not numbers, emoji, fields missing, bogus files), no
POST answers 500.

The forms are every `<form method="post">` of the pages tests/core/test_fuzz.py finds (every page that
answers 200 to a demo user on the demo data) and of the rows those pages link to (a few of each URL
pattern in each state: the rows of a role's own work, the actions of other states), as the user the
page was asked as sees them. Each is read once into the path it posts to (its action, the page's own
path when it has none; an htmx button's hx-post too) and its fields, with the values the page shows
(what a browser sends: the checked boxes, the selected options, the first submit button) and the
values it offers (every option, box and button); and the names its view reads beyond its fields (a
`next`), learnt by posting it once as shown. A form shown for several rows (an entry's 'delete') is
posted for the first. Each form is
- swept: every field set at once to each of test_fuzz's HOSTILE values (the fuzz profile: NASTY too),
  one request per form and value; and each field on its own at a hostile value, the others at the
  values the page shows (the hidden csrf, `once` and `version` values as rendered), so that a bad
  value is read past the good ones a view checks first: under the ci profile each field at one of
  them in turn, under the fuzz profile at each;
- fuzzed with Hypothesis: a form, a few of its fields and values drawn (test_fuzz's `values`, the
  form's own options, no value at all), the others mostly at the values the page shows; 400 examples
  under the `ci` profile (the default), test_fuzz's 12,000 under `fuzz` (`make fuzz`).
A file input is sent one of a few tiny uploads that are not what they seem, into a temporary
MEDIA_ROOT. Each test prints a line "fuzz forms: N requests, M server errors".

Every POST runs in a savepoint rolled back after it, so that the next one finds the demo data as it
was, and the client's cookies are put back, so that a POST that signs in again, logs out or cycles
the session key (the password page, whose change the rollback undoes) leaves the client signed in as
before; the last test checks it. Not posted at all: Django's own logout (accounts/logout/) and
language switch (i18n/setlang/), which hold nothing of the project's to fuzz and are there to change
the client's session and language.
"""

import io
import re
import traceback
import zipfile
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.accounts.models import User
from tests.core.test_fuzz import (
    HOSTILE,
    OFFERED_MAX,
    PROFILE,
    ROUTE_MODELS,
    SKIPPED,
    SWEPT,
    USERS,
    Page,
    _ask,
    _ReadNames,
    pages,  # noqa: F401 - the module fixture of every page
    values,
)
from tests.test_demo import demo  # noqa: F401 - the demo loaded once for the module

pytestmark = pytest.mark.django_db

# The fuzz profile's own number of examples; the ci profile's 250 are raised a little, as a form's
# body has more to draw than a query string.
EXAMPLES = {"ci": 400}
# Django's own views that would change the client's state (see the docstring), by the posted path.
NOT_POSTED = re.compile(r"^/(i18n/|accounts/logout/)")
CSRF = "csrfmiddlewaretoken"
# The links followed to the pages of rows, by user, URL pattern and the row's state: a few of each.
LINK = re.compile(r'href="(/[^"?#]*)')
LINKS_PER_ROUTE = 2
# What a file input is sent: files whose first bytes say what their names say but whose content is
# not (a PDF of a header, a workbook of a broken zip), a real image under a name too long for most file
# systems, and files that are not what their names say. The sweep sends the first.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS"
    b"\xde\x00\x00\x00\x0cIDATx\x9cc```\x00\x00\x00\x04\x00\x01\xf6\x178U\x00\x00\x00\x00IEND\xaeB`\x82"
)  # one black pixel


def _broken_workbook() -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook")
    return content.getvalue()


UPLOADS = [
    ("答复函.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
    ("照片.png", PNG),
    ("长" * 100 + ".png", PNG),
    ("名单.xlsx", _broken_workbook()),
    ("a.docx", b"PK\x03\x04 not a zip"),
    ("empty.jpg", b""),
    ("x.exe", b"MZ"),
]


class Form(NamedTuple):
    page: Page  # the page that shows it, and the demo user it is shown to
    action: str  # the path it posts to, with its query string if it has one
    names: list[str]  # every field but the csrf token and the file inputs
    files: list[str]  # the names of its file inputs
    shown: dict[str, list[str]]  # what a browser sends as the page shows the form, csrf token included
    offered: dict[str, list[str]]  # every value the page offers for a field


class _Control(NamedTuple):
    kind: str  # "value", "check", "select", "submit", "file"
    name: str
    values: list[str]  # the values it offers
    sent: list[str]  # what a browser sends as shown


class _Forms(HTMLParser):
    """The post forms of a page: each as its action and its controls, in the order they stand, a
    control outside its form (form="id") included."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._by_id: dict[str, dict] = {}
        self._outside: list[tuple[str, _Control]] = []
        self._form = None
        self._select = None  # [name, multiple, disabled, options, selected, attrs]
        self._option = None  # [value or None, text, selected]
        self._textarea = None  # [name, disabled, text, attrs]

    def _add(self, attrs, control):
        if attrs.get("form"):
            self._outside.append((attrs["form"], control))
        elif self._form is not None:
            self._form["controls"].append(control)

    def handle_starttag(self, tag, attrs):
        attrs = {key: "" if value is None else value for key, value in attrs}
        name, disabled = attrs.get("name", ""), "disabled" in attrs
        if attrs.get("hx-post") and self._form is not None:
            # A button that sends the form elsewhere with htmx (the article's preview).
            self._form["htmx"].append(attrs["hx-post"])
        if tag == "form":
            self._form = {"method": attrs.get("method", "get").lower(), "action": attrs.get("action", "")}
            self._form["controls"], self._form["htmx"] = [], []
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind in ("checkbox", "radio"):
                value = attrs.get("value", "on")
                sent = [value] if "checked" in attrs and not disabled else []
                self._add(attrs, _Control("check", name, [value], sent))
            elif kind in ("submit", "image"):
                self._add(attrs, _Control("submit", name, [value], [value]))
            elif kind == "file":
                self._add(attrs, _Control("file", name, [], []))
            elif kind not in ("button", "reset") and name:
                self._add(attrs, _Control("value", name, [value], [] if disabled else [value]))
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            value = attrs.get("value", "")
            self._add(attrs, _Control("submit", name, [value], [value]))
        elif tag == "select":
            self._select = [name, "multiple" in attrs, disabled, [], [], attrs]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea":
            self._textarea = [name, disabled, "", attrs]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        elif self._textarea is not None:
            self._textarea[2] += data

    def _end_option(self):
        if self._option is not None and self._select is not None:
            value, text, selected = self._option
            value = " ".join(text.split()) if value is None else value
            self._select[3].append(value)
            if selected:
                self._select[4].append(value)
        self._option = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag in ("option", "select"):
            self._end_option()
            if tag == "select" and self._select is not None:
                name, multiple, disabled, options, selected, attrs = self._select
                if not selected and not multiple and options:
                    selected = options[:1]  # a browser sends the first option
                if name:
                    self._add(
                        attrs,
                        _Control(
                            "select",
                            name,
                            options,
                            [] if disabled else selected[:1] if not multiple else selected,
                        ),
                    )
                self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, disabled, text, attrs = self._textarea
            text = text.removeprefix("\r\n").removeprefix("\n")  # as HTML parsing drops it
            if name:
                self._add(attrs, _Control("value", name, [text], [] if disabled else [text]))
            self._textarea = None

    def post_forms(self) -> list[dict]:
        for form_id, control in self._outside:
            if form_id in self._by_id:
                self._by_id[form_id]["controls"].append(control)
        return [form for form in self.forms if form["method"] == "post"]


def _form(page: Page, parsed: dict, action: str) -> Form | None:
    action = urljoin(page.path, action).split("#")[0]
    if urlsplit(action).netloc or NOT_POSTED.search(action):
        return None
    names, files, shown, offered = [], [], {}, {}
    submitted = False
    for control in parsed["controls"]:
        if control.kind == "submit":
            # A browser sends the first submit button (Enter in a field presses it), and only that one.
            if not submitted and control.name:
                shown.setdefault(control.name, []).extend(control.sent)
            submitted = True
        elif control.kind == "file":
            if control.name and control.name not in files:
                files.append(control.name)
            continue
        elif control.name:
            shown.setdefault(control.name, []).extend(control.sent)
        if not control.name:
            continue
        if control.name != CSRF and control.name not in names:
            names.append(control.name)
        offered.setdefault(control.name, []).extend(
            v for v in control.values if v not in offered[control.name]
        )
    shown = {name: sent for name, sent in shown.items() if sent}
    offered = {name: values[:OFFERED_MAX] for name, values in offered.items() if name != CSRF}
    return Form(page, action, names, files, shown, offered)


def _read_forms(page: Page, html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return [
        form
        for parsed in parser.post_forms()
        for action in [parsed["action"], *parsed["htmx"]]
        if (form := _form(page, parsed, action))
    ]


def _uploads(files: list[str], which: int = 0) -> dict[str, list[SimpleUploadedFile]]:
    name, content = UPLOADS[which]
    return {field: [SimpleUploadedFile(name, content)] for field in files}


def _post(client, path, data):
    """(status, error) of POST path with data: 500 with the error when the view raised. In a savepoint
    rolled back after it, and with the client's cookies as they were before, so that the next request
    finds the demo and the client as the first one did."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        with transaction.atomic():
            response = client.post(path, data)
            transaction.set_rollback(True)
    except Exception as exc:
        return 500, "".join(traceback.format_exception_only(exc)).strip()
    finally:
        client.cookies = cookies
    return response.status_code, ""


def _state_of(match) -> str | None:
    """The state of the row a resolved path shows, when its model has one."""
    argument = re.search(r"<int:(\w+)>", match.route)
    target = ROUTE_MODELS.get(match.route[: argument.end()], "").split(".")
    if len(target) != 2:
        return None
    model = apps.get_model(*target)
    if "state" not in {field.name for field in model._meta.fields}:
        return None
    return model.objects.filter(pk=match.kwargs[argument.group(1)]).values_list("state", flat=True).first()


def _linked(found: dict, django_db_blocker) -> tuple[list[tuple[Page, str]], list[str]]:
    """The pages of rows the pages link to, as the user each page was asked as, with their HTML: a few
    rows of each pattern in each state, the rows of a role's own work among them (the suggestion a
    unit answers), whose forms the first row of a table, asked as the first user it answers, does not
    show. And the pages that failed."""
    taken = {(page.username, page.path) for page in found["pages"]}
    followed, failing, counts = [], [], {}
    with django_db_blocker.unblock():
        for page in found["pages"]:
            for path in dict.fromkeys(LINK.findall(found["html"].get(page.path, ""))):
                try:
                    match = resolve(path)
                except Resolver404:
                    continue
                if (
                    "<int:" not in match.route
                    or SKIPPED.search(match.route)
                    or (page.username, path) in taken
                ):
                    continue
                key = (page.username, match.route, _state_of(match))
                if counts.get(key, 0) >= LINKS_PER_ROUTE:
                    continue
                taken.add((page.username, path))
                counts[key] = counts.get(key, 0) + 1
                status, error, response = _ask(found["clients"][page.username], path)
                if status >= 500:
                    failing.append(f"{path} as {page.username}: {error}")
                elif status == 200 and response["Content-Type"].startswith("text/html"):
                    followed.append(
                        (Page(match.route, path, page.username, [], {}), response.content.decode())
                    )
    return followed, failing


def _with_names_read(form: Form, client, django_db_blocker) -> Form:
    """`form` with the names its view reads beyond its fields (a `next`, a `page`), learnt by posting
    it once as the page shows it."""
    with django_db_blocker.unblock(), _ReadNames() as read:
        _post(client, form.action, {**form.shown, **_uploads(form.files)})
    more = sorted(read.names - {CSRF, *form.names, *form.files})
    return form._replace(names=[*form.names, *more])


@pytest.fixture(scope="module")
def forms(pages, tmp_path_factory, django_db_blocker):  # noqa: F811 - the imported fixture
    """Every post form of every page and of the rows they link to, once (the same form for another row,
    as the same user, is the same form), with the names its view reads; uploads go to a temporary
    MEDIA_ROOT for the module."""
    asked = [(page, pages["html"].get(page.path, "")) for page in pages["pages"]]
    linked, failing = _linked(pages, django_db_blocker)
    found, seen = [], set()
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        for page, html in [*asked, *linked]:
            for form in _read_forms(page, html):
                key = (
                    page.username,
                    re.sub(r"/\d+/", "/#/", form.action),
                    tuple(form.names),
                    tuple(form.files),
                )
                if key not in seen:
                    seen.add(key)
                    found.append(_with_names_read(form, pages["clients"][page.username], django_db_blocker))
        yield {"forms": found, "failing": failing, "clients": pages["clients"]}


def _send(forms, form, data, which_upload=0):
    return _post(
        forms["clients"][form.page.username], form.action, {**data, **_uploads(form.files, which_upload)}
    )


def _report(capsys, what, stats, forms):
    with capsys.disabled():
        print(
            f"\n{what}: {stats['requests']} requests, {stats['errors']} server errors"
            f" on {len(forms)} forms ({PROFILE} profile)"
        )


def _where(form: Form) -> str:
    return f"{form.action} (on {form.page.path} as {form.page.username})"


def test_the_pages_show_their_forms(forms):
    assert forms["failing"] == [], "the pages of these rows fail"
    # A form no demo user is shown on the demo data is not fuzzed: there are few of them.
    assert len(forms["forms"]) > 100


@pytest.mark.parametrize("value", SWEPT)
def test_every_field_of_every_form_takes_a_hostile_value(forms, value, capsys):
    """Each form with every field set to `value` at once, then (for the hostile values) each field on
    its own at `value`, the others as the page shows them: under the ci profile each field at one
    hostile value only, the first field of a form at the first, the next at the next, and so on."""
    stats, errors = {"requests": 0, "errors": 0}, []
    for form in forms["forms"]:
        csrf = {CSRF: form.shown[CSRF]} if CSRF in form.shown else {}
        bodies = [{**csrf, **dict.fromkeys(form.names, value)}]
        if value in HOSTILE:
            turn = HOSTILE.index(value)
            bodies += [
                {**form.shown, name: value}
                for i, name in enumerate(form.names)
                if PROFILE != "ci" or i % len(HOSTILE) == turn
            ]
        for data in bodies:
            status, error = _send(forms, form, data)
            stats["requests"] += 1
            if status >= 500:
                stats["errors"] += 1
                errors.append(f"{_where(form)} {data!r}: {error.splitlines()[-1]}")
    _report(capsys, f"fuzz forms, sweep {value!r}", stats, forms["forms"])
    assert errors == [], "\n".join(errors)


def test_no_form_body_makes_a_server_error(forms, capsys):
    found = forms["forms"]
    stats, errors = {"requests": 0, "errors": 0}, {}

    @settings(
        settings.get_profile(PROFILE),
        max_examples=EXAMPLES.get(PROFILE, settings.get_profile(PROFILE).max_examples),
    )
    @given(form=st.sampled_from(found), data=st.data())
    def post(form, data):
        # Mostly the form as the page shows it, now and then only the csrf token.
        body = dict(form.shown) if data.draw(st.integers(0, 3)) else {CSRF: form.shown.get(CSRF, [])}
        if form.names:
            for name in data.draw(st.lists(st.sampled_from(form.names), min_size=1, max_size=4, unique=True)):
                one = (
                    st.one_of(values, st.sampled_from(form.offered[name]))
                    if form.offered.get(name)
                    else values
                )
                # No value at all now and then: a field the view reads without asking whether it came.
                body[name] = data.draw(st.lists(one, max_size=3))
        upload = data.draw(st.integers(0, len(UPLOADS) - 1)) if form.files else 0
        status, error = _send(forms, form, body, upload)
        stats["requests"] += 1
        if status >= 500:
            stats["errors"] += 1
            last = error.splitlines()[-1] if error else str(status)
            errors.setdefault((form.action, last), (form, body))

    post()
    _report(capsys, "fuzz forms", stats, found)
    assert not errors, "\n".join(
        f"{_where(form)} {body!r}: {last}" for (_a, last), (form, body) in errors.items()
    )


def test_the_clients_are_still_signed_in_as_before(forms):
    """The POSTs left the demo users' clients as they were (see the docstring)."""
    for username in USERS:
        client = forms["clients"][username]
        expected = str(User.objects.get(username=username).pk) if username else None
        assert client.session.get("_auth_user_id") == expected, username
