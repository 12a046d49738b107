"""The director meeting's dashboard, the lists behind its figures, its snapshots and the overdue board.

The dashboard lives in the top layer: it reads the apps through their selectors and nothing imports it.
Figures whose rows have a list in their app link there with filters; the others (activities and
review opinions by year, deputies' participation, articles per month) link to the small lists here.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dashboard.export import figure_sheets
from dashboard.figures import PAGE_ROWS, PARTICIPATION, figures, participation_annotations
from dashboard.forms import PeriodForm, SnapshotForm
from dashboard.models import Snapshot
from dashboard.selectors import BOARD_TIERS, overdue_board, overdue_items, reference_overview
from dashboard.services import take_snapshot
from deputies.selectors import active_deputies
from publicity.selectors import published_articles
from renda.core import params
from renda.core.models import Reminder, Term, Unit
from renda.core.viewhelpers import paginate, query_without_page
from renda.core.xlsx import xlsx_response
from supervision.selectors import activities_of_year, activity_kinds, opinion_states, opinions_of_year

VIEW = "accounts.view_dashboards"


def _period(request) -> tuple[PeriodForm, int, Term | None]:
    form = PeriodForm(request.GET if "year" in request.GET else None)
    year, term = form.period()
    if not form.is_bound:
        form = PeriodForm(initial={"year": year})
    return form, year, term


def _charts(figs: dict) -> dict:
    """The series the charts draw, each point with the address of its rows (dashboard.js)."""

    def points(rows, value="value"):
        return [{"name": r["label"], "value": r[value], "url": r["url"]} for r in rows]

    s, sv, li, de, pu = (figs[k] for k in ("suggestions", "supervision", "liaison", "deputies", "publicity"))
    return {
        "outcomes": {
            "kind": "pie",
            # The slices say only the category letter; the tooltip and the table have the label.
            "data": [
                {"name": o["label"], "short": o["code"], "value": o["value"], "url": o["url"]}
                for o in s["outcomes"]
                if o["value"]
            ],
        },
        "overdue": {"kind": "bar", "data": points(s["overdue"]["by_unit"])},
        "activities": {"kind": "bar", "data": points(sv["activities"]["by_kind"])},
        "items": {"kind": "pie", "data": points([r for r in sv["items"]["by_state"] if r["value"]])},
        "stations": {
            "kind": "bars",
            "categories": [r["label"] for r in li["stations"]],
            "series": [
                {
                    "name": _("Reception days held"),
                    "data": [{"value": r["receptions"], "url": r["receptions_url"]} for r in li["stations"]],
                },
                {
                    "name": _("Opinions"),
                    "data": [{"value": r["opinions"], "url": r["opinions_url"]} for r in li["stations"]],
                },
                {
                    "name": _("Closed with feedback"),
                    "data": [{"value": r["closed"], "url": r["closed_url"]} for r in li["stations"]],
                },
            ],
        },
        "deputies": {
            "kind": "percent",
            "data": [
                {"name": label, "value": de[key]["share"] or 0, "url": de[key]["url"]}
                for key, label in (
                    ("suggestion", _("Filed or co-signed a suggestion")),
                    ("activity", _("Joined a supervision activity")),
                    ("training", _("Attended a training")),
                )
            ],
        },
        "articles": {"kind": "line", "data": points(pu["per_month"])},
    }


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    form, year, term = _period(request)
    figs = figures(year=year, term=term, limit=PAGE_ROWS)
    query = urlencode({"year": year, **({"term": term.pk} if term else {})})
    return render(
        request,
        "dashboard/index.html",
        {
            "period_form": form,
            "figures": figs,
            "charts": _charts(figs),
            "query": query,
            "snapshot_form": SnapshotForm(initial={"year": year, "term": term}),
            "overview": reference_overview(),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def export(request):
    _form, year, term = _period(request)
    figs = figures(year=year, term=term)
    filename = f"{_('Director meeting dashboard')}-{year}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, figure_sheets(figs))


# --- Snapshots ----------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def snapshot_list(request):
    snapshots = Snapshot.objects.select_related("term", "taken_by")
    return render(
        request,
        "dashboard/snapshot_list.html",
        {"page_obj": paginate(request, snapshots), "query": query_without_page(request)},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def snapshot_create(request):
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        return render(request, "dashboard/snapshot_form.html", {"form": form}, status=400)
    snapshot = take_snapshot(
        title=form.cleaned_data["title"],
        year=form.cleaned_data["year"],
        term=form.cleaned_data["term"],
        user=request.user,
    )
    messages.success(request, _("The figures were frozen in a snapshot."))
    return redirect("dashboard:snapshot", pk=snapshot.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def snapshot_detail(request, pk):
    snapshot = get_object_or_404(Snapshot.objects.select_related("term", "taken_by"), pk=pk)
    return render(request, "dashboard/snapshot_detail.html", {"snapshot": snapshot})


@login_required
@permission_required(VIEW, raise_exception=True)
def snapshot_export(request, pk):
    snapshot = get_object_or_404(Snapshot, pk=pk)
    filename = f"{snapshot.title}-{snapshot.taken_on:%Y%m%d}.xlsx"
    return xlsx_response(filename, figure_sheets(snapshot.figures))


# --- The rows behind figures that have no list of their own -------------------------------------


def _int(value, *, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _rows_year(request) -> int:
    return _int(request.GET.get("year"), low=1949, high=9999) or timezone.localdate().year


def _rows_page(request, template, queryset, decorate=None, **context):
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    if decorate:
        for row in page:
            decorate(row)
    return render(
        request,
        template,
        {
            "page_obj": page,
            "query": query_without_page(request),
            "dashboard_url": f"{reverse('dashboard:index')}?{urlencode({'year': context['year']})}",
            **context,
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def activities(request):
    year = _rows_year(request)
    kind = request.GET.get("kind", "")
    kinds = activity_kinds()
    qs = activities_of_year(year=year, kind=kind if kind in kinds else None)
    return _rows_page(
        request, "dashboard/rows_activities.html", qs, year=year, kind_label=kinds.get(kind, "")
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def opinions(request):
    year = _rows_year(request)
    state = request.GET.get("state", "")
    states = opinion_states()
    qs = opinions_of_year(year=year, state=state if state in states else None)
    return _rows_page(
        request, "dashboard/rows_opinions.html", qs, year=year, state_label=states.get(state, "")
    )


PART_LABELS = {
    "suggestion": gettext_lazy("Filed or co-signed a suggestion"),
    "activity": gettext_lazy("Joined a supervision activity"),
    "training": gettext_lazy("Attended a training"),
}


@login_required
@permission_required(VIEW, raise_exception=True)
def deputies(request):
    year = _rows_year(request)
    term_pk = _int(request.GET.get("term"), low=1, high=2**31)
    term = Term.objects.filter(pk=term_pk).first() if term_pk else None
    part = request.GET.get("part", "")
    qs = active_deputies(term=term).annotate(**participation_annotations(year=year, term=term))
    wanted = {
        "suggestion": Q(led=True) | Q(cosigned=True),
        "activity": Q(joined=True),
        "training": Q(trained=True),
    }
    if part in PARTICIPATION:
        qs = qs.filter(wanted[part])
    qs = qs.select_related("township").order_by("township__name", "name", "pk")

    def parts(deputy):
        deputy.parts = [deputy.led or deputy.cosigned, deputy.joined, deputy.trained]

    return _rows_page(
        request,
        "dashboard/rows_deputies.html",
        qs,
        decorate=parts,
        year=year,
        term=term,
        part_label=str(PART_LABELS[part]) if part in PARTICIPATION else "",
    )


def _article_link_name() -> str | None:
    """Articles open on the publicity pages when they exist, else on the public portal."""
    for name in ("publicity:article_detail", "public:article"):
        try:
            reverse(name, args=[1])
        except NoReverseMatch:
            continue
        return name
    return None


@login_required
@permission_required(VIEW, raise_exception=True)
def articles(request):
    year = _rows_year(request)
    month = _int(request.GET.get("month"), low=1, high=12)
    return _rows_page(
        request,
        "dashboard/rows_articles.html",
        published_articles(year=year, month=month),
        year=year,
        month=month,
        link_name=_article_link_name(),
    )


# --- The overdue board --------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def overdue(request):
    """Per unit, the items due soon, due today, overdue and seriously overdue, a page of units at a time
    (worst first) with the totals of all; a count opens its items."""
    today = timezone.localdate()
    tier = request.GET.get("tier", "")
    unit = request.GET.get("unit", "")
    labels = dict(Reminder.Tier.choices)
    context = {"today": today, "tiers": [(t, labels[t]) for t in BOARD_TIERS]}
    if tier in BOARD_TIERS and unit:
        unit_pk = params.parse_int(unit, low=1, high=params.ID_MAX)
        page_obj = Paginator(overdue_items(today=today, unit=unit, tier=tier), 25).get_page(
            request.GET.get("page")
        )
        page_obj.object_list = [{"item": d, "days_late": max((today - d.due).days, 0)} for d in page_obj]
        context.update(
            {
                "tier": tier,
                "tier_label": labels[tier],
                "unit_name": Unit.objects.filter(pk=unit_pk).first() if unit_pk else None,
                "page_obj": page_obj,
                "query": urlencode({"unit": unit, "tier": tier}),
            }
        )
        return render(request, "dashboard/overdue_items.html", context)
    board = overdue_board(today=today, page=request.GET.get("page"))
    context.update(
        {
            "board": board["page_obj"].object_list,
            "page_obj": board["page_obj"],
            "units": board["units"],
            "totals": board["totals"],
            "query": "",
        }
    )
    return render(request, "dashboard/overdue.html", context)
