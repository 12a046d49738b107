"""Fuzzing the query strings of every page: whatever a query string holds (NUL and other control
characters, numbers no column or date can hold, ids that are not numbers, emoji), no page answers 500.

The pages are every URL pattern of the project but the admin's, on the demo data: a pattern's int
arguments are filled with the id of a row of the model that ROUTE_MODELS names. Each page is asked
once without a query string, as the first demo user it answers 200 to, to learn the parameters it
reads (the QueryDict look-ups it makes); those and a list of common names are then
- swept: every one set at once to each of a few hostile values, one request per page and value
  (under the fuzz profile, to each value of NASTY, and each parameter on its own to a hostile value,
  the others at a value the page offers);
- fuzzed with Hypothesis: a page, a few of its parameters and values drawn at random, and now and
  then the page's own id replaced by any digits. The number of examples is the profile's: `ci` (the
  default, 250, so that with the sweep the module makes about 1,000 requests) or `fuzz`
  (HYPOTHESIS_PROFILE=fuzz, as `make fuzz` runs it).
Each prints a line "fuzz: N requests, M server errors".
"""

import os
import re
import traceback
from html.parser import HTMLParser
from typing import NamedTuple
from unittest import mock
from urllib.parse import parse_qsl

import pytest
from django.apps import apps
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from renda.accounts.models import User
from tests.test_demo import demo  # noqa: F401 - the demo loaded once for the module

pytestmark = pytest.mark.django_db


# No shrinking and no example database: a run collects every page that failed, with what it was sent,
# rather than one minimal example; `ci` draws the same examples on every run.
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=12000,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

# The model whose first row fills a pattern's int argument, by the pattern up to that argument.
ROUTE_MODELS = {
    "deputies/trainings/<int:pk>": "deputies.Training",
    "deputies/campaigns/<int:pk>": "deputies.Campaign",
    "deputies/campaigns/entries/<int:pk>": "deputies.CampaignEntry",
    "deputies/<int:pk>": "deputies.Deputy",
    "liaison/stations/<int:pk>": "liaison.Station",
    "liaison/points/<int:pk>": "liaison.Point",
    "liaison/deputies/<int:deputy_pk>": "liaison.Assignment.deputy_id",
    "liaison/receptions/<int:pk>": "liaison.Reception",
    "liaison/receptions/<int:reception_pk>": "liaison.Reception",
    "liaison/opinions/<int:pk>": "liaison.Opinion",
    "proposals/from-opinion/<int:opinion_pk>": "liaison.Opinion",
    "proposals/<int:pk>": "proposals.Suggestion",
    "proposals/attachments/<int:pk>": "proposals.Attachment",
    "proposals/evaluation/<int:year>": "year",
    "supervision/topics/<int:pk>": "supervision.Topic",
    "supervision/topics/<int:topic_pk>": "supervision.Topic",
    "supervision/activities/<int:pk>": "supervision.Activity",
    "supervision/activities/<int:activity_pk>": "supervision.Activity",
    "supervision/opinions/<int:pk>": "supervision.ReviewOpinion",
    "supervision/opinions/<int:opinion_pk>": "supervision.ReviewOpinion",
    "supervision/items/<int:pk>": "supervision.RectificationItem",
    "supervision/files/<int:pk>": "supervision.Evidence",
    "publicity/articles/<int:pk>": "publicity.Article",
    "publicity/columns/<int:pk>": "publicity.Column",
    "publicity/periodical/<int:pk>": "publicity.PeriodicalIssue",
    "publicity/videos/<int:pk>": "publicity.Video",
    "publicity/publications/<int:pk>": "publicity.ExternalPublication",
    "publicity/correspondents/<int:pk>": "publicity.Correspondent",
    "publicity/honours/<int:pk>": "publicity.Honour",
    "publicity/results/new/<int:suggestion_pk>": "proposals.Suggestion",
    "publicity/results/<int:pk>": "publicity.PublishedResult",
    "dashboard/snapshots/<int:pk>": "dashboard.Snapshot",
    "meetings/<int:pk>": "meetings.Meeting",
    "meetings/items/<int:pk>": "meetings.AgendaItem",
    "meetings/decisions/<int:pk>": "meetings.Decision",
    "meetings/tasks/<int:pk>": "meetings.FollowUpTask",
    "meetings/reports/<int:pk>": "meetings.MajorReport",
    "meetings/party-documents/<int:pk>": "meetings.PartyDocument",
    "meetings/appointments/<int:pk>": "meetings.Appointment",
    "meetings/guidance/cadres/<int:pk>": "meetings.TownshipCadre",
    "meetings/guidance/visits/<int:pk>": "meetings.GuidanceVisit",
    "meetings/townships/<int:pk>": "core.Township",
    "public/committee/decisions/<int:pk>": "meetings.Decision",
    "public/articles/<int:pk>": "publicity.Article",
    "public/periodicals/<int:pk>": "publicity.PeriodicalIssue",
    "public/deputies/<int:pk>": "deputies.Deputy",
    "public/results/<int:pk>": "publicity.PublishedResult",
}
SLUG_ROUTES = {"public/columns/<slug:slug>/": "publicity.Column.slug"}
# Not pages: they answer a POST, stream a file the view has checked, or are Django's own.
SKIPPED = re.compile(r"^(admin/|\^media|i18n/|accounts/logout/)|<slug:(action|direction|kind)>")

USERS = ["admin", "staff", "director", "deputy", "unit", None]
# Pages made for one role, which the admin sees in an empty state: asked as that role first.
ROLE_PAGES = {
    r"^(proposals|supervision)/unit/|^meetings/tasks/": "unit",
    r"/mine/|^deputies/me/|^liaison/my-station/|^liaison/receptions/record/|^proposals/new/$": "deputy",
    r"^public/": None,
}
COMMON_NAMES = [
    "q", "page", "year", "state", "unit", "tier", "kind", "sort", "id", "township", "station", "term",
    "show", "session", "category", "deputy", "item", "month", "part", "level", "status", "outcome",
    "column", "into", "suggestions", "next",
]  # fmt: skip
NASTY = [
    "\x00", "a\x00b", "\x00" * 3, "\x01\x1f\x7f\x9f", "\t\n\r", "²", "١٢", "-1", "0", "-0", "+1", "1_000",
    " 7 ", "99999999999999999999", "9223372036854775808", "-9223372036854775809", "1e309", "nan", "inf",
    "1.5", "0x10", "💥", "🏛️人大", "\u202e", "\ufeff", "", " ", "%00", "'", '"', "<b>", "9" * 400,
    "2024-02-30", "2024-13-45", "none", "true", "[]",
]  # fmt: skip

# What the sweep sets every parameter to, one request per page and value: the values that made
# server errors (PostgreSQL's NUL, str.isdigit()'s "²", a year no date can hold, a number no column can).
HOSTILE = ["\x00", "²", "-1", "99999999999999999999"]

# The fuzz profile sweeps with every nasty value, the ci profile with the hostile ones only.
SWEPT = HOSTILE if PROFILE == "ci" else list(dict.fromkeys([*HOSTILE, *NASTY]))

values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=-10_000, max_value=100_000).map(str),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=10),
    st.lists(st.sampled_from(["\x00", "1", "x", "😀", "年"]), max_size=6).map("".join),
)
OFFERED_MAX = 20

big_ids = st.one_of(st.sampled_from([0, 2**31, 2**63, 10**30]), st.integers(min_value=0, max_value=10**25))


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def _value_for(target: str) -> str | None:
    if target == "year":
        return str(timezone.localdate().year)
    app_label, model_name, *field = target.split(".")
    field = field[0] if field else "pk"
    row = apps.get_model(app_label, model_name).objects.order_by("pk").values_list(field, flat=True).first()
    return None if row is None else str(row)


def _path(route: str) -> str | None:
    """The route with its arguments filled from the demo; None when the table names no model for it."""
    if route in SLUG_ROUTES:
        return "/" + re.sub(r"<slug:\w+>", _value_for(SLUG_ROUTES[route]) or "x", route)
    if "<" not in route:
        return "/" + route
    filled = route
    for match in re.finditer(r"<int:\w+>", route):
        key = route[: match.end()]
        if key not in ROUTE_MODELS:
            return None
        filled = filled.replace(match.group(0), _value_for(ROUTE_MODELS[key]) or "1", 1)
    return None if "<" in filled else "/" + filled


class _ReadNames:
    """The names a request's views look up in a QueryDict, while `watching`."""

    def __init__(self):
        self.names = set()
        originals = {name: getattr(MultiValueDict, name) for name in ("__getitem__", "get", "getlist")}

        def wrap(original):
            def read(data, key, *args, **kwargs):
                if isinstance(data, QueryDict) and isinstance(key, str):
                    self.names.add(key)
                return original(data, key, *args, **kwargs)

            return read

        self._patches = [mock.patch.object(MultiValueDict, n, wrap(f)) for n, f in originals.items()]

    def __enter__(self):
        self.names = set()
        for patch in self._patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


class _Offered(HTMLParser):
    """The values a page offers for its parameters: in the query strings of its links, the options of
    its selects and the values of its inputs."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, set[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            for name, value in parse_qsl(attrs["href"].split("?", 1)[1].split("#")[0]):
                self.values.setdefault(name, set()).add(value)
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and attrs.get("value"):
            self.values.setdefault(self._select, set()).add(attrs["value"])
        elif tag == "input" and attrs.get("name") and attrs.get("value"):
            self.values.setdefault(attrs["name"], set()).add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _offered(response) -> dict[str, list[str]]:
    if not response["Content-Type"].startswith("text/html"):
        return {}
    parser = _Offered()
    parser.feed(response.content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return {name: sorted(values)[:OFFERED_MAX] for name, values in parser.values.items()}


def _ask(client, path, query=None):
    """(status, error, response) of GET path?query: 500 with the error when the view raised. In a
    savepoint, so that an error of the database (PostgreSQL aborts the transaction) leaves the next
    request unharmed."""
    try:
        with transaction.atomic():
            response = client.get(path, query or {})
    except Exception as exc:
        return 500, "".join(traceback.format_exception_only(exc)).strip(), None
    return response.status_code, "", response


class Page(NamedTuple):
    route: str
    path: str
    username: str | None
    names: list[str]  # the parameters the view reads and the page's links and forms send
    offered: dict[str, list[str]]  # the values the page's links and forms send


def _users_for(route: str) -> list[str | None]:
    """The demo users to try a page as, the one it is made for first."""
    for pattern, username in ROLE_PAGES.items():
        if re.search(pattern, route):
            return [username, *(u for u in USERS if u != username)]
    return USERS


@pytest.fixture(scope="module")
def pages(demo, django_db_blocker):  # noqa: F811 - the imported fixture
    """(route, path, username, the parameters it reads) of every page that answers 200 to a demo user,
    the patterns the table cannot fill, and the pages that fail without a query string; and the HTML
    of each page, by path, for tests/core/test_fuzz_forms.py to read its forms from."""
    with django_db_blocker.unblock():
        clients = {}
        for username in USERS:
            clients[username] = Client(raise_request_exception=True)
            if username:
                clients[username].force_login(User.objects.get(username=username))
        found, unmapped, failing, html = [], [], [], {}
        for route in _routes():
            if SKIPPED.search(route):
                continue
            path = _path(route)
            if path is None:
                unmapped.append(route)
                continue
            for username in _users_for(route):
                with _ReadNames() as read:
                    status, error, response = _ask(clients[username], path)
                if status >= 500:
                    failing.append(f"{path} as {username}: {error}")
                if status == 200:
                    offered = _offered(response)
                    names = sorted({*read.names, *offered} - {"csrfmiddlewaretoken"})
                    found.append(Page(route, path, username, names, offered))
                    if response["Content-Type"].startswith("text/html"):
                        html[path] = response.content.decode()
                    break
        yield {"pages": found, "unmapped": unmapped, "failing": failing, "clients": clients, "html": html}


def _report(capsys, what, stats, pages):
    with capsys.disabled():
        print(
            f"\n{what}: {stats['requests']} requests, {stats['errors']} server errors"
            f" on {len(pages)} pages ({PROFILE} profile)"
        )


def test_every_int_argument_has_a_model_to_fill_it(pages):
    assert pages["unmapped"] == [], "add these patterns to ROUTE_MODELS (or to SKIPPED)"


def test_the_pages_open_without_a_query_string(pages):
    assert pages["failing"] == []
    # A page no demo user can open is not fuzzed past its access check: there are few of them.
    assert len(pages["pages"]) > 150


@pytest.mark.parametrize("value", SWEPT)
def test_every_parameter_of_every_page_takes_a_hostile_value(pages, value, capsys):
    """Each page with every parameter it reads, and every common one, set to `value` at once."""
    stats, errors = {"requests": 0, "errors": 0}, []
    for page in pages["pages"]:
        names = sorted({*page.names, *COMMON_NAMES})
        queries = [dict.fromkeys(names, value)]
        if PROFILE != "ci" and value in HOSTILE:
            # One parameter at a time at `value`, the others at a value the page offers, so that a bad
            # one is read past the good ones a view checks first.
            offered = {name: offers[0] for name, offers in page.offered.items()}
            queries += [{**offered, name: value} for name in page.names]
        for query in queries:
            status, error, _response = _ask(pages["clients"][page.username], page.path, query)
            stats["requests"] += 1
            if status >= 500:
                stats["errors"] += 1
                errors.append(f"{page.path} as {page.username}: {error}")
    _report(capsys, f"sweep {value!r}", stats, pages["pages"])
    assert errors == []


def test_no_query_string_makes_a_server_error(pages, capsys):
    found, clients = pages["pages"], pages["clients"]
    stats, errors = {"requests": 0, "errors": 0}, {}

    @settings(settings.get_profile(PROFILE))
    @given(page=st.sampled_from(found), data=st.data())
    def ask(page, data):
        path, query = page.path, {}
        for name in data.draw(st.lists(st.sampled_from(sorted({*page.names, *COMMON_NAMES})), max_size=4)):
            # A value the page offers now and then, so that a bad one is read past the good ones.
            one = st.one_of(values, st.sampled_from(page.offered[name])) if name in page.offered else values
            query[name] = data.draw(st.lists(one, min_size=1, max_size=3))
        if "<int:" in page.route and data.draw(st.booleans()):
            # The pattern's own number: any digits the URL resolver lets through.
            path = re.sub(r"/\d+/", f"/{data.draw(big_ids)}/", path, count=1)
        status, error, _response = _ask(clients[page.username], path, query)
        stats["requests"] += 1
        if status >= 500:
            stats["errors"] += 1
            errors.setdefault((page.route, error.splitlines()[-1] if error else str(status)), (path, query))

    ask()
    _report(capsys, "fuzz", stats, found)
    assert not errors, "\n".join(
        f"{path} {query!r}: {error}" for (_r, error), (path, query) in errors.items()
    )
