"""The authorization matrix: every URL pattern the resolver knows (the admin's aside), asked by every
demo role and anonymously, with its arguments filled by objects each role owns and by objects no
role owns. What each role may reach is declared once, in ACCESS; a URL without an entry there fails.

A pattern's int arguments are filled as tests/core/test_fuzz.py fills them (ROUTE_MODELS). For the
models a deputy or a unit owns rows of (OWNERS), the pattern is asked once per owner: with a row
owned by deputy, by deputy2, by unit, by unit2 (only by that one of them where the demo has such a
row) and by none of them. A slug argument is asked with every value its view knows.

Each request is a GET, or a POST with an empty body for a view that answers GET with 405; a POST
runs in a transaction rolled back afterwards, so the demo stays as loaded. An answer is
- "ok": anything a role that may reach the page gets (200, a redirect elsewhere, 400, 405, 409);
- "login": the redirect to the sign-in page, which anonymous visitors get for every page not public;
- "denied": 403, or 404 for an object: a record of another deputy or unit answers 404, like a
  record that does not exist, so its existence is not told.

An ACCESS entry names who gets "ok": roles ("admin", "staff", "director", "deputies", "units"),
"public" (everyone, anonymous included), "signed-in" (every role), "owner" (a deputy or unit user
the filled object belongs to), or only an owning deputy ("owning-deputy") or unit ("owning-unit").
Every other signed-in role is denied, and anonymous visitors are sent to sign in. Where owners of a
kind get in, a deputy or unit of that kind gets 404 for a record that is not theirs.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, FileField, Q
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.utils import timezone

from liaison import views as liaison_views
from meetings import workflow as meeting_workflow
from proposals import forms as proposal_forms
from publicity import files as publicity_files
from publicity import selectors as publicity_selectors
from renda.accounts.models import User
from supervision import views as supervision_views
from supervision.workflow import OPEN_ITEM_STATES
from tests.core.test_fuzz import ROUTE_MODELS, SLUG_ROUTES, _routes
from tests.test_demo import demo  # noqa: F401 - the demo loaded once for the module

pytestmark = pytest.mark.django_db

REQUESTERS = ["anonymous", "admin", "staff", "director", "deputy", "deputy2", "unit", "unit2"]
OWNING = ["deputy", "deputy2", "unit", "unit2"]
ROLE_OF = {"admin": "admin", "staff": "staff", "director": "director", "deputy": "deputies",
           "deputy2": "deputies", "unit": "units", "unit2": "units"}  # fmt: skip
NOT_ASKED = re.compile(r"^(admin/|\^media|i18n/|accounts/logout/)")


# Who owns a row, as a filter on the model by the owner's deputy record or unit.
def _through(prefix, owners):
    return {kind: (lambda owner, make=make: _prefixed(make(owner), prefix)) for kind, make in owners.items()}


def _prefixed(q, prefix):
    q = q.copy()
    q.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}__{child[0]}", child[1])
        for child in q.children
    ]
    return q


SUGGESTION = {
    "deputy": lambda deputy: Q(lead_deputy=deputy) | Q(cosigners=deputy),
    "unit": lambda unit: Q(lead_unit=unit) | Q(co_units=unit),
}
RECEPTION = {"deputy": lambda deputy: Q(on_duty=deputy) | Q(present=deputy)}
OWNERS = {
    "proposals.Suggestion": SUGGESTION,
    "proposals.Attachment": _through("suggestion", SUGGESTION),
    "publicity.PublishedResult": _through("suggestion", SUGGESTION),
    "liaison.Reception": RECEPTION,
    "liaison.Opinion": {
        **_through("reception", RECEPTION),
        "unit": lambda unit: Q(unit=unit),
    },
    "deputies.Deputy": {"deputy": lambda deputy: Q(pk=deputy.pk)},
    "deputies.CampaignEntry": {"deputy": lambda deputy: Q(deputy=deputy)},
    "deputies.Campaign": {"deputy": lambda deputy: Q(participants=deputy)},
    "deputies.Training": {"deputy": lambda deputy: Q(attendees=deputy)},
    "supervision.Activity": {"deputy": lambda deputy: Q(deputies=deputy)},
    "supervision.Topic": {"deputy": lambda deputy: Q(activities__deputies=deputy)},
    "supervision.ReviewOpinion": {"unit": lambda unit: Q(recipient=unit) | Q(items__unit=unit)},
    "supervision.RectificationItem": {"unit": lambda unit: Q(unit=unit)},
    "supervision.Evidence": {
        "deputy": lambda deputy: Q(activity__deputies=deputy),
        "unit": lambda unit: Q(update__item__unit=unit),
    },
    "meetings.Decision": {"unit": lambda unit: Q(tasks__unit=unit)},
    "meetings.FollowUpTask": {"unit": lambda unit: Q(unit=unit)},
}

# The values a slug argument takes, by pattern; each value is a URL of its own in ACCESS.
SLUG_VALUES = {
    "supervision/opinions/<int:pk>/<slug:action>/": list(supervision_views.OPINION_ACTION_TITLES),
    "liaison/opinions/<int:pk>/<slug:action>/": list(liaison_views.ACTION_FORMS),
    "publicity/articles/<int:pk>/<slug:action>/": ["submit", "redraft"],
    "proposals/<int:pk>/act/<slug:action>/": list(proposal_forms.ACTION_FORMS),
    "meetings/<int:pk>/minutes/<slug:action>/": list(meeting_workflow.MINUTES_MOVES),
    "meetings/<int:pk>/act/<slug:action>/": list(meeting_workflow.MEETING_MOVES),
    "meetings/items/<int:pk>/move/<slug:direction>/": ["up", "down"],
}
# Views that answer a GET by going back to the page with their form: asked by POST.
POSTED = {"proposals/<int:pk>/act/<slug:action>/", "publicity/articles/<int:pk>/<slug:action>/"}
# A file's kind names the model of its pk.
FILE_ROUTES = ["publicity/files/<slug:kind>/<int:pk>/", "public/files/<slug:kind>/<int:pk>/"]


@dataclass(frozen=True)
class Rule:
    """Who reaches a page (see the module's docstring), for the rows of its model that `rows` selects
    (all rows when None): a page about drafts, or about items waiting for an extension, is asked
    with such rows."""

    who: str
    rows: Q | None = None
    owners: dict | None = None  # who owns a row for this page, where it is not who owns it in OWNERS


@dataclass(frozen=True)
class Asked:
    key: str  # the pattern, with a slug argument filled
    path: str
    rule: int  # which of the key's rules chose the row
    variant: str = ""  # whose object fills the pattern: an owning user, "none", or "" for no object
    owners: frozenset = frozenset()  # the owning users the object belongs to
    model: str = ""  # the label of the object's model


def _owner_record(username):
    user = User.objects.get(username=username)
    return user.unit if username.startswith("unit") else user.deputy


def _owners_of(label, pk, owners) -> frozenset:
    model = apps.get_model(label)
    found = set()
    for username in OWNING:
        make = owners.get("unit" if username.startswith("unit") else "deputy")
        if make and model.objects.filter(make(_owner_record(username)), pk=pk).exists():
            found.add(username)
    return frozenset(found)


def _owning_model(label) -> str:
    """The model a ROUTE_MODELS target's rows belong to: "app.Model", or the one "app.Model.field" names."""
    app_label, model_name, *field = label.split(".")
    if not field:
        return label
    model = apps.get_model(app_label, model_name)
    return model._meta.get_field(field[0].removesuffix("_id")).related_model._meta.label


def _rows(label, where: Q | None = None, owners: dict | None = None) -> list[tuple[str, int, frozenset]]:
    """(variant, pk, owners) of the rows a pattern is filled with, among those `where` selects: the
    first row when nobody owns rows of the model; else a row of each owning user (one they own alone
    where there is one) and one of nobody."""
    app_label, model_name, *field = label.split(".")
    model = apps.get_model(app_label, model_name)
    if field:  # the rows of the model the field refers to, which appear in it
        pks = model.objects.values_list(field[0], flat=True)
        model = model._meta.get_field(field[0].removesuffix("_id")).related_model
        label = model._meta.label
        rows = model.objects.filter(pk__in=pks)
    else:
        rows = model.objects.all()
    if where is not None:
        rows = rows.filter(where)
    pks = sorted(rows.values_list("pk", flat=True).distinct())
    owners = owners or OWNERS.get(label)
    if owners is None:
        return [("", pks[0], frozenset())] if pks else []
    by_pk = {pk: _owners_of(label, pk, owners) for pk in pks}
    chosen = []
    for username in OWNING:
        owned = [pk for pk in pks if username in by_pk[pk]]
        alone = [pk for pk in owned if by_pk[pk] == {username}]
        if owned:
            chosen.append((username, (alone or owned)[0], by_pk[(alone or owned)[0]]))
    nobody = [pk for pk in pks if not by_pk[pk]]
    if nobody:
        chosen.append(("none", nobody[0], frozenset()))
    return chosen


def _model_of(route, slug) -> str | None:
    """The model whose rows fill the pattern's (last) int argument."""
    if route in FILE_ROUTES:
        return publicity_files.FILES[slug][0]._meta.label
    matches = list(re.finditer(r"<int:\w+>", route))
    return ROUTE_MODELS.get(route[: matches[-1].end()]) if matches else None


def _rules(key) -> list[Rule]:
    rules = ACCESS.get(key, Rule(""))
    rules = rules if isinstance(rules, list) else [rules]
    return [Rule(rule) if isinstance(rule, str) else rule for rule in rules]


def _asked(route) -> list[Asked] | None:
    """The requests a pattern is asked with, one per filling; None when nothing can fill it."""
    if route in SLUG_ROUTES:
        label, model_name, field = SLUG_ROUTES[route].split(".")
        slug = apps.get_model(label, model_name).objects.order_by("pk").values_list(field, flat=True).first()
        return [Asked(route, "/" + re.sub(r"<slug:\w+>", slug, route), 0)]
    slugs = SLUG_VALUES.get(route) or (list(publicity_files.FILES) if route in FILE_ROUTES else [None])
    asked = []
    for slug in slugs:
        key = re.sub(r"<slug:\w+>", slug, route) if slug else route
        model = _model_of(route, slug)
        if "<int:" not in key:
            asked.append(Asked(key, "/" + key, 0))
            continue
        if model is None:
            return None
        if model == "year":
            year = str(timezone.localdate().year)
            asked.append(Asked(key, "/" + re.sub(r"<int:\w+>", year, key), 0))
            continue
        for index, rule in enumerate(_rules(key)):
            for variant, pk, owners in _rows(model, rule.rows, rule.owners):
                path = "/" + re.sub(r"<int:\w+>", str(pk), key)
                asked.append(Asked(key, path, index, variant, owners, _owning_model(model)))
    return asked or None


def _answer(client, path, method) -> str:
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)  # a POST's move, and any write of a GET, is not kept
    status = response.status_code
    if status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    if status in (403, 404) or status >= 500:
        return str(status)
    return "ok"


def _expected(asked: Asked, requester: str) -> str:
    """What the table says `requester` gets: "ok", "login", "403 or 404" or "404"."""
    who = _rules(asked.key)[asked.rule].who.split()
    if "public" in who:
        return "ok"
    if requester == "anonymous":
        return "login"
    kind = next((kind for kind in ("deputy", "unit") if requester.startswith(kind)), None)
    owners_let_in = kind is not None and ("owner" in who or f"owning-{kind}" in who)
    if ROLE_OF[requester] in who or "signed-in" in who or (owners_let_in and requester in asked.owners):
        return "ok"
    rule = _rules(asked.key)[asked.rule]
    if owners_let_in and asked.variant and kind in (rule.owners or OWNERS.get(asked.model, {})):
        # A record of another deputy or unit answers like one that does not exist.
        return "404"
    return "403 or 404"


def _add_files():
    """The files the pages serve, in the module's own media folder: each file the demo names written
    again there, and files of the kinds the demo has none of (an attachment on a suggestion of each
    owner, evidence of each unit's rectification, the publicity covers and videos, agenda documents)."""
    from meetings.models import AgendaItem
    from proposals.models import Attachment
    from publicity.models import Article, PeriodicalIssue, Video
    from supervision.models import Evidence, ProgressUpdate

    pdf = b"%PDF-1.4\n%%EOF\n"
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                for row in model.objects.exclude(**{field.name: ""}):
                    stored = getattr(row, field.name)
                    if not stored.storage.exists(stored.name):
                        stored.storage.save(stored.name, ContentFile(pdf))
    staff = User.objects.get(username="staff")
    for _variant, pk, _owners in _rows("proposals.Suggestion", ~Q(state="draft")):
        Attachment.objects.create(
            suggestion_id=pk, kind="evidence", file=ContentFile(pdf, "a.pdf"), name="a.pdf",
            content_type="application/pdf", size=len(pdf), uploaded_by=staff,
        )  # fmt: skip
    units = set()
    for update in ProgressUpdate.objects.select_related("item").order_by("pk"):
        if update.item.unit_id not in units:
            units.add(update.item.unit_id)
            Evidence.objects.create(
                update=update, file=ContentFile(pdf, "e.pdf"), name="e.pdf",
                content_type="application/pdf", size=len(pdf), uploaded_by=staff,
            )  # fmt: skip
    for model, fields in ((Article, ["cover"]), (PeriodicalIssue, ["cover"]), (Video, ["file", "poster"])):
        for row in model.objects.all():
            for name in fields:
                if not getattr(row, name):
                    getattr(row, name).save("c.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
            row.save()
    for item in AgendaItem.objects.filter(document=""):
        item.document.save("d.pdf", ContentFile(pdf), save=False)
        item.document_name = "d.pdf"
        item.save()


@pytest.fixture(scope="module")
def matrix(demo, django_db_blocker, tmp_path_factory):  # noqa: F811 - the imported fixture
    """Every Asked, with what each requester got; the patterns nothing fills."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        _add_files()
        clients = {name: Client() for name in REQUESTERS}
        for name, client in clients.items():
            if name != "anonymous":
                client.force_login(User.objects.get(username=name))
        answers, unfilled = {}, []
        for route in _routes():
            if NOT_ASKED.search(route):
                continue
            asked = _asked(route)
            if not asked:
                unfilled.append(route)
                continue
            # A view that only takes a POST says so to a GET, often before asking who is there.
            with transaction.atomic():
                status = clients["admin"].get(asked[0].path).status_code
                transaction.set_rollback(True)
            method = "POST" if status == 405 or route in POSTED else "GET"
            for one in asked:
                answers[one] = {name: _answer(client, one.path, method) for name, client in clients.items()}
        yield {"answers": answers, "unfilled": unfilled}
        transaction.set_rollback(True)


def test_every_pattern_is_asked(matrix):
    assert matrix["unfilled"] == [], "fill these patterns (ROUTE_MODELS, SLUG_VALUES) or give them rows"


def test_every_url_has_an_entry_in_the_table(matrix):
    keys = {asked.key for asked in matrix["answers"]}
    assert sorted(keys - set(ACCESS)) == [], "declare who reaches these in ACCESS"
    assert sorted(set(ACCESS) - keys) == [], "these entries of ACCESS name no URL"


def test_every_role_reaches_what_the_table_says_and_no_more(matrix, capsys):
    wrong = []
    for asked, answers in matrix["answers"].items():
        for requester, answer in answers.items():
            expected = _expected(asked, requester)
            if answer not in expected.split(" or "):
                owner = f" ({asked.variant}'s)" if asked.variant else ""
                wrong.append(f"{asked.path}{owner} as {requester}: {answer}, expected {expected}")
    with capsys.disabled():
        requests = sum(len(a) for a in matrix["answers"].values())
        print(
            f"\nauthorization matrix: {len(matrix['answers'])} URLs x {len(REQUESTERS)} requesters,"
            f" {requests} requests"
        )
    assert not wrong, f"{len(wrong)} answers differ from ACCESS:\n" + "\n".join(wrong)


DRAFT = Q(state="draft")
# A suggestion its deputy filed, or one staff filed on a deputy's behalf (from a paper form).
OWN_FILING = Q(filed_by=F("lead_deputy__user"))
ACCESS: dict[str, str | Rule | list[Rule]] = {
    # Committee staff's work (the administrator holds every permission)
    "deputies/new/": "admin staff",
    "deputies/export.xlsx": "admin staff",
    "deputies/import/": "admin staff",
    "deputies/import/confirm/": "admin staff",
    "deputies/import/template.xlsx": "admin staff",
    "deputies/accounts/": "admin staff",
    "deputies/trainings/new/": "admin staff",
    "deputies/trainings/<int:pk>/edit/": "admin staff",
    "deputies/trainings/<int:pk>/attendance/": "admin staff",
    "deputies/campaigns/new/": "admin staff",
    "deputies/campaigns/<int:pk>/edit/": "admin staff",
    "deputies/campaigns/<int:pk>/participants/": "admin staff",
    "deputies/<int:pk>/edit/": "admin staff",
    "liaison/stations/new/": "admin staff",
    "liaison/stations/<int:pk>/edit/": "admin staff",
    "liaison/points/new/": "admin staff",
    "liaison/points/<int:pk>/edit/": "admin staff",
    "liaison/assignments/new/": "admin staff",
    "liaison/deputies/<int:deputy_pk>/assignment/": "admin staff",
    "liaison/deputies/<int:deputy_pk>/assignment/remove/": "admin staff",
    "liaison/receptions/new/": "admin staff",
    "liaison/receptions/<int:pk>/record/": "admin staff",
    "liaison/receptions/<int:pk>/cancel/": "admin staff",
    "liaison/opinions/<int:pk>/answer/": "admin staff",
    "liaison/opinions/<int:pk>/refer/": "admin staff",
    "liaison/opinions/<int:pk>/forward/": "admin staff",
    "liaison/opinions/<int:pk>/propose/": "admin staff",
    "liaison/opinions/<int:pk>/close/": "admin staff",
    "proposals/new/for-deputy/": "admin staff",
    "proposals/<int:pk>/act/review/": "admin staff",
    "proposals/<int:pk>/act/return/": "admin staff",
    "proposals/<int:pk>/act/reject/": "admin staff",
    "proposals/<int:pk>/act/assign/": "admin staff",
    "proposals/<int:pk>/act/close/": "admin staff",
    "proposals/<int:pk>/merge/": "admin staff",
    "proposals/review/": "admin staff",
    "proposals/assign/": "admin staff",
    "supervision/topics/new/": "admin staff",
    "supervision/topics/<int:pk>/edit/": "admin staff",
    "supervision/topics/<int:topic_pk>/activities/new/": "admin staff",
    "supervision/activities/<int:pk>/edit/": "admin staff",
    "supervision/activities/<int:activity_pk>/opinions/new/": "admin staff",
    "supervision/opinions/<int:pk>/edit/": "admin staff",
    "supervision/opinions/<int:opinion_pk>/items/new/": "admin staff",
    "supervision/opinions/<int:pk>/send/": "admin staff",
    "supervision/opinions/<int:pk>/report/": "admin staff",
    "supervision/opinions/<int:pk>/close/": "admin staff",
    "supervision/opinions/<int:pk>/vote/": "admin staff",
    "supervision/opinions/<int:pk>/publish/": "admin staff",
    "supervision/items/<int:pk>/edit/": "admin staff",
    "publicity/articles/new/": "admin staff",
    "publicity/articles/<int:pk>/edit/": "admin staff",
    "publicity/articles/<int:pk>/submit/": "admin staff",
    "publicity/articles/<int:pk>/redraft/": "admin staff",
    "publicity/columns/new/": "admin staff",
    "publicity/columns/<int:pk>/edit/": "admin staff",
    "publicity/periodical/new/": "admin staff",
    "publicity/periodical/<int:pk>/edit/": "admin staff",
    "publicity/videos/new/": "admin staff",
    "publicity/videos/<int:pk>/edit/": "admin staff",
    "publicity/publications/new/": "admin staff",
    "publicity/publications/<int:pk>/edit/": "admin staff",
    "publicity/correspondents/new/": "admin staff",
    "publicity/correspondents/<int:pk>/edit/": "admin staff",
    "publicity/honours/<int:pk>/delete/": "admin staff",
    "publicity/results/<int:pk>/edit/": "admin staff",
    "publicity/results/<int:pk>/withdraw/": "admin staff",
    "publicity/results/<int:pk>/republish/": "admin staff",
    "meetings/new/": "admin staff",
    "meetings/<int:pk>/edit/": "admin staff",
    "meetings/<int:pk>/attendance/": "admin staff",
    "meetings/<int:pk>/outcomes/": "admin staff",
    "meetings/<int:pk>/items/new/": "admin staff",
    "meetings/<int:pk>/minutes/": "admin staff",
    "meetings/<int:pk>/minutes/archive/": "admin staff",
    "meetings/<int:pk>/decisions/new/": "admin staff",
    "meetings/<int:pk>/act/hold/": "admin staff",
    "meetings/<int:pk>/act/cancel/": "admin staff",
    "meetings/<int:pk>/act/reopen/": "admin staff",
    "meetings/items/<int:pk>/edit/": "admin staff",
    "meetings/items/<int:pk>/move/up/": "admin staff",
    "meetings/items/<int:pk>/move/down/": "admin staff",
    "meetings/items/<int:pk>/delete/": "admin staff",
    "meetings/items/<int:pk>/figures/": "admin staff",
    "meetings/decisions/<int:pk>/edit/": "admin staff",
    "meetings/decisions/<int:pk>/status/": "admin staff",
    "meetings/decisions/<int:pk>/publish/": "admin staff",
    "meetings/decisions/<int:pk>/tasks/new/": "admin staff",
    "meetings/tasks/<int:pk>/accept/": "admin staff",
    "meetings/tasks/<int:pk>/send-back/": "admin staff",
    "meetings/reports/new/": "admin staff",
    "meetings/reports/<int:pk>/edit/": "admin staff",
    "meetings/reports/<int:pk>/reply/": "admin staff",
    "meetings/party-documents/new/": "admin staff",
    "meetings/party-documents/<int:pk>/edit/": "admin staff",
    "meetings/appointments/new/": "admin staff",
    "meetings/appointments/<int:pk>/edit/": "admin staff",
    "meetings/guidance/arrange/": "admin staff",
    "meetings/guidance/cadres/new/": "admin staff",
    "meetings/guidance/cadres/<int:pk>/edit/": "admin staff",
    "meetings/guidance/visits/new/": "admin staff",
    "meetings/guidance/visits/<int:pk>/edit/": "admin staff",
    # What the director meeting reads beside staff
    "deputies/": "admin staff director",
    "deputies/trainings/": "admin staff director",
    "deputies/trainings/coverage/": "admin staff director",
    "deputies/trainings/<int:pk>/": "admin staff director",
    "deputies/campaigns/": "admin staff director",
    "deputies/<int:pk>/": "admin staff director",
    "liaison/": "admin staff director",
    "liaison/coverage/": "admin staff director",
    "liaison/stations/<int:pk>/": "admin staff director",
    "liaison/points/<int:pk>/": "admin staff director",
    "proposals/<int:pk>/act/decide_transfer/": "admin staff director",
    "proposals/approvals/": "admin staff director",
    "proposals/print/": "admin staff director",
    "proposals/scorecards/": "admin staff director",
    "proposals/evaluation/<int:year>/": "admin staff director",
    "proposals/evaluation/<int:year>.xlsx": "admin staff director",
    "supervision/ledger/": "admin staff director",
    "supervision/ledger.xlsx": "admin staff director",
    "publicity/": "admin staff director",
    "publicity/review/": "admin staff director",
    "publicity/files/article-cover/<int:pk>/": "admin staff director",
    "publicity/files/issue-cover/<int:pk>/": "admin staff director",
    "publicity/files/issue-pdf/<int:pk>/": "admin staff director",
    "publicity/files/video-file/<int:pk>/": "admin staff director",
    "publicity/files/video-poster/<int:pk>/": "admin staff director",
    "publicity/articles/preview/": "admin staff director",
    "publicity/articles/<int:pk>/": "admin staff director",
    "publicity/articles/<int:pk>/publish/": "admin staff director",
    "publicity/articles/<int:pk>/return/": "admin staff director",
    "publicity/articles/<int:pk>/withdraw/": "admin staff director",
    "publicity/columns/": "admin staff director",
    "publicity/periodical/": "admin staff director",
    "publicity/periodical/<int:pk>/pdf/": "admin staff director",
    "publicity/videos/": "admin staff director",
    "publicity/publications/": "admin staff director",
    "publicity/correspondents/": "admin staff director",
    "publicity/correspondents/<int:pk>/": "admin staff director",
    "publicity/ranking/": "admin staff director",
    "publicity/ranking/export.xlsx": "admin staff director",
    "publicity/results/": "admin staff director",
    "dashboard/": "admin staff director",
    "dashboard/export.xlsx": "admin staff director",
    "dashboard/overdue/": "admin staff director",
    "dashboard/snapshots/": "admin staff director",
    "dashboard/snapshots/new/": "admin staff director",
    "dashboard/snapshots/<int:pk>/": "admin staff director",
    "dashboard/snapshots/<int:pk>/export.xlsx": "admin staff director",
    "dashboard/rows/activities/": "admin staff director",
    "dashboard/rows/opinions/": "admin staff director",
    "dashboard/rows/deputies/": "admin staff director",
    "dashboard/rows/articles/": "admin staff director",
    "meetings/": "admin staff director",
    "meetings/<int:pk>/": "admin staff director",
    "meetings/<int:pk>/papers/": "admin staff director",
    "meetings/<int:pk>/minutes/print/": "admin staff director",
    "meetings/items/<int:pk>/document/": "admin staff director",
    "meetings/reports/": "admin staff director",
    "meetings/reports/<int:pk>/": "admin staff director",
    "meetings/party-documents/": "admin staff director",
    "meetings/party-documents/<int:pk>/file/": "admin staff director",
    "meetings/appointments/": "admin staff director",
    "meetings/holders/": "admin staff director",
    "meetings/guidance/": "admin staff director",
    "meetings/guidance/visits/": "admin staff director",
    "meetings/townships/<int:pk>/": "admin staff director",
    # The portal and the sign-in page
    "": "public",
    "healthz": "public",
    "favicon.ico": "public",
    "robots.txt": "public",
    "accounts/login/": "public",
    "public/sitemap.xml": "public",
    "public/committee/decisions/": "public",
    "public/committee/decisions/<int:pk>/": "public",
    "public/committee/appointments/": "public",
    "public/": "public",
    "public/news/": "public",
    "public/columns/<slug:slug>/": "public",
    "public/articles/<int:pk>/": "public",
    "public/periodicals/": "public",
    "public/periodicals/<int:pk>/": "public",
    "public/periodicals/<int:pk>/download/": "public",
    "public/videos/": "public",
    "public/deputies/": "public",
    "public/deputies/<int:pk>/": "public",
    "public/results/": "public",
    "public/results/<int:pk>/": "public",
    "public/search/": "public",
    "public/files/article-cover/<int:pk>/": "public",
    "public/files/issue-cover/<int:pk>/": "public",
    "public/files/issue-pdf/<int:pk>/": "public",
    "public/files/video-file/<int:pk>/": "public",
    "public/files/video-poster/<int:pk>/": "public",
    # Records their deputy or unit may open too
    "deputies/campaigns/<int:pk>/": "admin staff director owner",
    "deputies/campaigns/entries/<int:pk>/photo/": "admin staff director owner",
    "deputies/<int:pk>/record/": "admin staff director owner",
    "deputies/<int:pk>/record.xlsx": "admin staff director owner",
    "liaison/receptions/<int:pk>/": "admin staff director owner",
    "liaison/opinions/<int:pk>/": "admin staff director owner",
    "proposals/attachments/<int:pk>/": "admin staff director owner",
    "supervision/topics/<int:pk>/": "admin staff director owner",
    "supervision/activities/<int:pk>/": "admin staff director owner",
    "supervision/opinions/<int:pk>/": "admin staff director owner",
    "supervision/items/<int:pk>/": "admin staff director owner",
    "supervision/files/<int:pk>/": "admin staff director owner",
    "meetings/tasks/<int:pk>/": "admin staff director owner",
    # Every signed-in role, each seeing its own rows
    "accounts/password/": "signed-in",
    "accounts/password/done/": "signed-in",
    "accounts/otp/enrol/": "signed-in",
    "accounts/otp/verify/": "signed-in",
    "accounts/home/": "signed-in",
    "core/notifications/": "signed-in",
    "core/notifications/read/": "signed-in",
    "liaison/opinions/": "signed-in",
    "proposals/": "signed-in",
    "proposals/export.xlsx": "signed-in",
    "meetings/decisions/": "signed-in",
    # A handling unit's moves on its own suggestions
    "proposals/<int:pk>/act/accept/": "owning-unit",
    "proposals/<int:pk>/act/request_transfer/": "owning-unit",
    "proposals/<int:pk>/act/consult/": "owning-unit",
    "proposals/<int:pk>/act/request_extension/": "owning-unit",
    "proposals/<int:pk>/act/reply/": "owning-unit",
    "proposals/<int:pk>/act/progress/": "owning-unit",
    # The director meeting's decisions
    "proposals/<int:pk>/act/decide_extension/": "admin director",
    "proposals/<int:pk>/act/mark_key/": "admin director",
    "supervision/opinions/<int:pk>/approve/": "admin director",
    "meetings/<int:pk>/minutes/approve/": "admin director",
    "meetings/<int:pk>/minutes/return/": "admin director",
    # Staff, and the deputy or unit the record is of
    "deputies/campaigns/<int:pk>/entries/new/": "admin staff owner",
    "deputies/campaigns/entries/<int:pk>/edit/": "admin staff owner",
    "deputies/campaigns/entries/<int:pk>/delete/": "admin staff owner",
    "liaison/receptions/<int:reception_pk>/opinions/new/": "admin staff owner",
    "supervision/items/<int:pk>/progress/": "admin staff owner",
    # A deputy's own pages
    "deputies/me/": "admin deputies",
    "deputies/campaigns/mine/": "admin deputies",
    "liaison/my-station/": "admin deputies",
    # admin staff director deputies
    "liaison/receptions/": "admin staff director deputies",
    "supervision/": "admin staff director deputies",
    "meetings/congress/": "admin staff director deputies",
    # A deputy's own pages
    "liaison/receptions/record/": "deputies",
    "proposals/mine/": "deputies",
    "proposals/new/": "deputies",
    # A unit's own pages
    "proposals/unit/": "admin units",
    "supervision/unit/": "admin units",
    # The deputy who filed it rates the answer
    "proposals/<int:pk>/act/rate/": "admin owning-deputy",
    # Every deputy, and the units that have a task of it
    "meetings/decisions/<int:pk>/": "admin staff director deputies owner",
    # The units' follow-up tasks
    "meetings/tasks/": "admin staff director units",
    # The unit an opinion was referred to answers it
    "liaison/opinions/<int:pk>/unit_reply/": "admin staff owning-unit",
    # Pages asked with the rows they serve: a suggestion's filing pages are its filer's (drafts are
    # nobody else's), ...
    "proposals/<int:pk>/edit/": [Rule("owning-deputy", OWN_FILING), Rule("admin staff", ~OWN_FILING)],
    "proposals/<int:pk>/submit/": [Rule("owning-deputy", OWN_FILING), Rule("admin staff", ~OWN_FILING)],
    "proposals/<int:pk>/withdraw/": [Rule("owning-deputy", OWN_FILING), Rule("admin staff", ~OWN_FILING)],
    "proposals/<int:pk>/attach/": [Rule("owning-deputy", OWN_FILING), Rule("admin staff", ~OWN_FILING)],
    # ... a suggestion's page, asked with a draft and a filed one of each owner ...
    "proposals/<int:pk>/": [
        Rule("admin staff director owner", DRAFT),
        Rule("admin staff director owner", ~DRAFT),
    ],
    # The page of an invitation to co-sign is its invited deputy's; co-handling opinions are the co-units'.
    "proposals/<int:pk>/cosign/": Rule(
        "owning-deputy", owners={"deputy": lambda deputy: Q(cosignature__deputy=deputy)}
    ),
    "proposals/<int:pk>/act/cohandle/": Rule("owning-unit", owners={"unit": lambda unit: Q(co_units=unit)}),
    "liaison/receptions/<int:pk>/edit/": Rule("admin staff", Q(state="planned")),
    "supervision/items/<int:pk>/extension/": Rule(
        "owner", Q(state__in=OPEN_ITEM_STATES, extension_deadline=None)
    ),
    "supervision/items/<int:pk>/extension/decide/": Rule(
        "admin director", Q(extension_deadline__isnull=False)
    ),
    "supervision/items/<int:pk>/verify/": Rule("admin staff", Q(state="done")),
    "supervision/items/<int:pk>/send-back/": Rule("admin staff", Q(state="done")),
    "proposals/from-opinion/<int:opinion_pk>/": Rule("admin staff owning-deputy", Q(state="to_suggestion")),
    "publicity/results/new/<int:suggestion_pk>/": Rule(
        "admin staff", Q(pk__in=publicity_selectors.result_candidates().values("pk"))
    ),
}
