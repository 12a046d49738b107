"""The ledger (台账) and what is made from it: the .xlsx export, the print view, the units' scorecards
and the yearly evaluation notice (测评通报) with its .xlsx.

/proposals/ is the ledger of those who see every suggestion (staff, directors); a deputy lands on
their own suggestions and a unit user on the unit's queue instead. The export is open to everyone
who can see suggestions and always holds only what they can see, filtered like the ledger.
"""

import tempfile
from urllib.parse import quote

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proposals import ledger
from proposals.filters import LedgerFilter
from proposals.models import Policy, State
from renda.core import params
from renda.core.viewhelpers import any_permission
from renda.core.viewhelpers import query_without_page as _query_without_page
from renda.core.xlsx import XLSX_CONTENT_TYPE, xlsx_response

PER_PAGE = 25
# The print view lists at most this many rows; the export has no limit.
PRINT_LIMIT = 1000

VIEW_ALL = "proposals.view_all_suggestions"
EXPORT = "proposals.export_ledger"
AS_UNIT = "accounts.act_as_unit"
AS_DEPUTY = "accounts.act_as_deputy"

STATE_BADGES = {
    State.SUBMITTED: "text-bg-info",
    State.UNDER_REVIEW: "text-bg-info",
    State.RETURNED: "text-bg-warning",
    State.REJECTED: "text-bg-secondary",
    State.WITHDRAWN: "text-bg-secondary",
    State.MERGED: "text-bg-secondary",
    State.ASSIGNED: "text-bg-primary",
    State.TRANSFER_REQUESTED: "text-bg-warning",
    State.IN_PROGRESS: "text-bg-primary",
    State.EXTENDED: "text-bg-warning",
    State.REPLIED: "text-bg-success",
    State.REHANDLING: "text-bg-danger",
    State.EVALUATED: "text-bg-success",
    State.IMPLEMENTING: "text-bg-dark",
    State.CLOSED: "text-bg-light border",
}


def _filtered(request) -> LedgerFilter:
    return LedgerFilter(request.GET, queryset=ledger.ledger_for(request.user), today=timezone.localdate())


def _decorate(rows, *, today, policy):
    """Badge, overdue flag and outcome label of each row shown, without another query."""
    for s in rows:
        s.badge = STATE_BADGES.get(s.state, "text-bg-secondary")
        s.overdue = ledger.is_overdue(s, today=today)
        s.outcome_label = f"{s.outcome} {policy.outcome_label(s.outcome)}" if s.outcome else ""
        s.cosigner_names = "、".join(c.deputy.name for c in s.confirmed_cosignatures)
        s.cohandling_names = "、".join(c.unit.name for c in s.cohandlings)
    return rows


# The filters the ledger page offers as controls; any other filter in use (one a dashboard figure links
# with, such as "replied on time") is shown above the list and kept in the form as a hidden field.
CONTROLS = {
    "q", "unit", "session", "overdue", "key", "category", "deputy", "delegation", "year", "state",
    *(f"{name}_{end}" for name in ("submitted", "assigned", "replied") for end in ("from", "to")),
}  # fmt: skip


def _other_filters(request, ledger_filter):
    """The filters in use that have no control on the page: label, value, their raw values to keep,
    and the ledger's query without that filter (to take it off)."""
    found = []
    for name, label, shown in ledger_filter.in_use():
        if name in CONTROLS:
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query.pop(name, None)
        found.append(
            {
                "name": name,
                "label": label,
                "shown": shown,
                "values": request.GET.getlist(name),
                "without": query.urlencode(),
            }
        )
    return found


def _state_links(request, chips):
    """Each state chip links to the ledger filtered by that state alone, the other filters kept."""
    for chip in chips:
        query = request.GET.copy()
        query.pop("page", None)
        query.setlist("state", [chip["value"]])
        chip["query"] = query.urlencode()
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("state", None)
    return chips, query.urlencode()


@login_required
def ledger_view(request):
    if not request.user.has_perm(VIEW_ALL):
        if request.user.has_perm(AS_UNIT) and request.user.unit_id:
            return redirect("proposals:unit_queue")
        if request.user.has_perm(AS_DEPUTY):
            return redirect("proposals:mine")
        raise PermissionDenied
    today, policy = timezone.localdate(), Policy.current()
    ledger_filter = _filtered(request)
    page = Paginator(ledger_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _decorate(list(page.object_list), today=today, policy=policy)
    counts = ledger.state_counts(ledger_filter.without_state)
    chips, all_states_query = _state_links(
        request, ledger.state_chips(counts, ledger_filter.form.cleaned_data.get("state") or [])
    )
    return render(
        request,
        "proposals/ledger.html",
        {
            "filter": ledger_filter,
            "page_obj": page,
            "query": _query_without_page(request),
            "chips": chips,
            "all_states_query": all_states_query,
            "all_states_count": sum(counts.values()),
            "more_open": ledger_filter.more_active,
            "other_filters": _other_filters(request, ledger_filter),
            "date_pairs": [
                (ledger_filter.form[f"{name}_from"], ledger_filter.form[f"{name}_to"])
                for name in ("submitted", "assigned", "replied")
            ],
        },
    )


@any_permission(VIEW_ALL, EXPORT, AS_UNIT, AS_DEPUTY)
def ledger_export(request):
    """The filtered ledger as .xlsx, written row by row to a temporary file and sent from it."""
    ledger_filter = _filtered(request)
    queryset = ledger_filter.qs
    # The file is built before the first byte is sent, so an error is still a proper error page.
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes (and so deletes) it
    try:
        ledger.write_ledger_xlsx(queryset, out)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    filename = f"{_('Suggestion ledger')}-{timezone.localdate():%Y%m%d}.xlsx"
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def ledger_print(request):
    today, policy = timezone.localdate(), Policy.current()
    ledger_filter = _filtered(request)
    total = ledger_filter.qs.count()
    rows = _decorate(list(ledger_filter.qs[:PRINT_LIMIT]), today=today, policy=policy)
    return render(
        request,
        "proposals/ledger_print.html",
        {
            "filter": ledger_filter,
            "rows": rows,
            "total": total,
            "limited": total > len(rows),
            "summary": ledger_filter.summary(),
            "query": _query_without_page(request),
            "today": today,
            "print_limit": PRINT_LIMIT,
        },
    )


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.1f}%"


def _year(request, years) -> int:
    return params.year(request.GET) or (years[0] if years else timezone.localdate().year)


@any_permission(VIEW_ALL, EXPORT)
def scorecards(request):
    years = ledger.suggestion_years()
    year = _year(request, years)
    cards, sort = ledger.sort_scorecards(ledger.unit_scorecards(year), request.GET.get("sort", ""))
    summary = ledger.year_summary(year, cards)
    headers = [
        ("rank", _("Rank"), "text-nowrap"),
        ("name", _("Unit"), "col-unit"),
        ("assigned", pgettext("scorecard", "Assigned"), "text-end text-nowrap"),
        ("on_time", _("Replied on time"), "text-end"),
        ("consulted_share", _("Consultation rate (面商率)"), "text-end d-none d-md-table-cell"),
        ("satisfaction_share", pgettext("scorecard", "Satisfaction"), "text-end"),
        ("implementation_share", _("B/C implemented"), "text-end d-none d-lg-table-cell"),
        ("rehandled", pgettext("scorecard", "Handled again"), "text-end d-none d-md-table-cell"),
    ]
    columns = []
    for key, label, css in headers:
        if key == "rank":
            columns.append({"label": label, "css": css, "query": f"year={year}", "arrow": ""})
            continue
        if sort == f"-{key}":
            target = key
        elif sort == key:
            target = f"-{key}"
        else:
            target = key if key == "name" else f"-{key}"  # figures: highest first on the first click
        arrow = "↑" if sort == key else "↓" if sort == f"-{key}" else ""
        columns.append({"label": label, "css": css, "query": f"year={year}&sort={target}", "arrow": arrow})
    figures = [
        (pgettext("scorecard", "Received"), summary["received"]),
        (pgettext("scorecard", "Assigned"), summary["assigned"]),
        (_("Replied on time"), percent(summary["on_time_share"])),
        (_("Consultation rate (面商率)"), percent(summary["consulted_share"])),
        (pgettext("scorecard", "Satisfaction"), percent(summary["satisfaction_share"])),
        (_("B/C implemented"), percent(summary["implementation_share"])),
    ]
    return render(
        request,
        "proposals/scorecards.html",
        {"year": year, "years": years or [year], "cards": cards, "columns": columns, "figures": figures},
    )


def _evaluation(year: int) -> tuple[list[dict], dict]:
    if not 2000 <= year <= 2100:
        raise Http404
    cards = ledger.unit_scorecards(year)
    return cards, ledger.year_summary(year, cards)


@any_permission(VIEW_ALL, EXPORT)
def evaluation(request, year):
    cards, summary = _evaluation(year)
    return render(
        request,
        "proposals/evaluation.html",
        {
            "year": year,
            "title": evaluation_title(year),
            "cards": cards,
            "summary": summary,
            "shares": {
                name: percent(summary[f"{name}_share"])
                for name in ("on_time", "consulted", "satisfaction", "implementation")
            },
            "today": timezone.localdate(),
        },
    )


def score_headers() -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        pgettext("scorecard", "Assigned"),
        pgettext("scorecard", "Replied"),
        _("Replied on time"),
        _("On-time rate (%)"),
        _("Consultation rate (%)"),
        _("Satisfaction rate (%)"),
        _("B/C implementation rate (%)"),
        pgettext("scorecard", "Handled again"),
    ]


@any_permission(VIEW_ALL, EXPORT)
def evaluation_xlsx(request, year):
    cards, _summary = _evaluation(year)
    title = _("Evaluation %(year)s") % {"year": year}
    return xlsx_response(
        f"{evaluation_title(year)}.xlsx", [(title, score_headers(), [ledger.score_row(c) for c in cards])]
    )


def evaluation_title(year: int) -> str:
    return _(
        "Notice of the Standing Committee of the Ji County People's Congress on the evaluation of the "
        "handling of deputies' suggestions in %(year)s"
    ) % {"year": year}


urlpatterns = [
    path("", ledger_view, name="ledger"),
    path("export.xlsx", ledger_export, name="export"),
    path("print/", ledger_print, name="ledger_print"),
    path("scorecards/", scorecards, name="scorecards"),
    path("evaluation/<int:year>/", evaluation, name="evaluation"),
    path("evaluation/<int:year>.xlsx", evaluation_xlsx, name="evaluation_xlsx"),
]
