"""The anonymous public portal at /public/: published articles, the periodical, videos, deputies'
public information (代表法 Art. 58) and published suggestion-handling results (代表法 Art. 51).

Every view is open to everyone (no login) and reads only through publicity.portal_selectors,
which return published rows alone; whatever is not published answers 404 like a missing page.
A signed-in member of staff sees exactly what the public sees.
"""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from deputies.models import Deputy, Level
from proposals.models import Category, Outcome, Policy
from publicity import files
from publicity import portal_selectors as sel
from publicity.models import Article, Column, PeriodicalIssue, PublishedResult
from publicity.selectors import public_periodicals, public_videos
from renda.core import params
from renda.core.models import Township, Unit
from renda.core.registry import registry
from renda.core.viewhelpers import query_without_page

PAGE_SIZE = 12
HOME_ARTICLES = 8
HOME_RESULTS = 5
SEARCH_GROUP_SIZE = 5
# The deputies app's own section of the duty record is the profile (levels and posts), shown on
# the page already; the other sections are duties, of which the public sees the counts only.
PROFILE_SECTION = "deputies.levels"


def _style(form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs["class"] = css


def _page(request, queryset, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _outcome_labels() -> dict[str, str]:
    """The configured labels of the outcome categories; read only (an anonymous GET never writes)."""
    policy = Policy.objects.filter(pk=1).first() or Policy()
    return {code: f"{code} {policy.outcome_label(code)}" for code in Outcome.values}


def _label_outcomes(results, labels) -> None:
    for result in results:
        result.outcome_label = labels.get(result.suggestion.outcome, "")


@require_safe
def home(request):
    results = list(sel.portal_results()[:HOME_RESULTS])
    _label_outcomes(results, _outcome_labels())
    columns = list(sel.portal_columns())
    return render(
        request,
        "public/home.html",
        {
            "articles": list(sel.portal_articles()[:HOME_ARTICLES]),
            "special_columns": [c for c in columns if c.is_special],
            "columns": [c for c in columns if not c.is_special],
            "latest_issue": public_periodicals().first(),
            "results": results,
            "deputy_count": Deputy.objects.active().count(),
        },
    )


@require_safe
def article_list(request):
    """Every published article, newest first, with the columns to narrow it down."""
    return _articles_page(request, None, sel.portal_articles())


@require_safe
def column_detail(request, slug):
    try:
        column = sel.portal_column(slug)
    except Column.DoesNotExist:
        raise Http404 from None
    return _articles_page(request, column, sel.portal_articles().filter(column=column))


def _articles_page(request, column, articles):
    """A page of published articles, of one column or (column None) of all, with the columns beside."""
    return render(
        request,
        "public/column_detail.html",
        {
            "column": column,
            "columns": list(sel.portal_columns()),
            "page_obj": _page(request, articles),
            "query": query_without_page(request),
        },
    )


@require_safe
def article_detail(request, pk):
    try:
        article = sel.portal_article(pk)
    except Article.DoesNotExist:
        raise Http404 from None
    older, newer = sel.article_neighbours(article)
    return render(
        request,
        "public/article_detail.html",
        {"article": article, "older": older, "newer": newer},
    )


@require_safe
def periodical_list(request):
    years = sel.periodical_years()
    year = params.year(request.GET)
    if year not in years:
        year = years[0] if years else None
    issues = list(public_periodicals().filter(year=year)) if year else []
    return render(
        request,
        "public/periodical_list.html",
        {"years": years, "year": year, "issues": issues},
    )


@require_safe
def periodical_detail(request, pk):
    try:
        issue = public_periodicals().get(pk=pk)
    except PeriodicalIssue.DoesNotExist:
        raise Http404 from None
    return render(request, "public/periodical_detail.html", {"issue": issue})


@require_safe
def periodical_pdf(request, pk):
    """The issue's PDF as a download; only public issues, and never by its storage address."""
    return files.public_file(request, "issue-pdf", pk)


@require_safe
def video_list(request):
    page_obj = _page(request, public_videos())
    return render(
        request, "public/video_list.html", {"page_obj": page_obj, "query": query_without_page(request)}
    )


class DeputyFilterForm(forms.Form):
    q = params.SearchField(label=gettext_lazy("Name"), required=False, max_length=sel.SEARCH_MAX_LENGTH)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        choices=[("", gettext_lazy("All levels")), *Level.choices],
    )
    township = forms.ModelChoiceField(
        label=gettext_lazy("Delegation"),
        required=False,
        queryset=Township.objects.none(),
        empty_label=gettext_lazy("All delegations"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = sel.deputy_townships()
        _style(self)


@require_safe
def deputy_list(request):
    form = DeputyFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    deputies = sel.filter_deputies(
        sel.portal_deputies(),
        level=data.get("level", ""),
        township=data.get("township"),
        q=sel.search_terms(data.get("q", "")),
    )
    return render(
        request,
        "public/deputy_list.html",
        {
            "form": form,
            "page_obj": _page(request, deputies, per_page=24),
            "query": query_without_page(request),
        },
    )


@require_safe
def deputy_detail(request, pk):
    try:
        deputy = sel.portal_deputies().get(pk=pk)
    except Deputy.DoesNotExist:
        raise Http404 from None
    terms: dict = {}
    for mandate in sorted(
        deputy.mandates.all(), key=lambda m: (-m.term.number, list(Level.values).index(m.level))
    ):
        terms.setdefault(mandate.term.name, []).append(mandate.get_level_display())
    # The duty record's sections give titles and counts only: no details reach the public.
    duties = [
        {"title": section.title, "count": section.count}
        for section in registry.duty_record(Deputy.objects.get(pk=deputy.pk))
        if section.key != PROFILE_SECTION
    ]
    return render(
        request,
        "public/deputy_detail.html",
        {"deputy": deputy, "terms": terms, "duties": duties},
    )


class ResultFilterForm(forms.Form):
    q = params.SearchField(label=gettext_lazy("Keyword"), required=False, max_length=sel.SEARCH_MAX_LENGTH)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Handling unit"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome category"), required=False)

    def __init__(self, *args, outcome_labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in sel.result_years()]
        self.fields["unit"].queryset = sel.result_units()
        self.fields["outcome"].choices = [("", _("All categories")), *outcome_labels.items()]
        _style(self)


@require_safe
def result_list(request):
    labels = _outcome_labels()
    form = ResultFilterForm(request.GET or None, outcome_labels=labels)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    results = sel.filter_results(
        sel.portal_results(),
        year=data.get("year"),
        unit=data.get("unit"),
        outcome=data.get("outcome", ""),
        q=sel.search_terms(data.get("q", "")),
    )
    page_obj = _page(request, results)
    _label_outcomes(page_obj.object_list, labels)
    return render(
        request,
        "public/result_list.html",
        {"form": form, "page_obj": page_obj, "query": query_without_page(request)},
    )


@require_safe
def result_detail(request, pk):
    try:
        result = sel.portal_results().get(pk=pk)
    except PublishedResult.DoesNotExist:
        raise Http404 from None
    _label_outcomes([result], _outcome_labels())
    return render(
        request,
        "public/result_detail.html",
        {
            "result": result,
            "category_label": dict(Category.choices).get(result.suggestion.category, ""),
            "co_units": [c.unit for c in result.suggestion.cohandling_set.all()],
        },
    )


SEARCH_GROUPS = {
    "articles": (gettext_lazy("Articles"), sel.search_articles),
    "results": (gettext_lazy("Handling results"), sel.search_results),
    "deputies": (gettext_lazy("Deputies"), sel.search_deputies),
    "periodicals": (gettext_lazy("Periodical issues"), sel.search_periodicals),
}


@require_safe
def search(request):
    """Grouped results, a few of each with their count; `kind` pages through one group."""
    q = sel.search_terms(request.GET.get("q", ""))
    kind = params.choice(request.GET, "kind", SEARCH_GROUPS)
    groups, page_obj = [], None
    labels = _outcome_labels()
    if q and kind in SEARCH_GROUPS:
        title, finder = SEARCH_GROUPS[kind]
        page_obj = _page(request, finder(q))
        if kind == "results":
            _label_outcomes(page_obj.object_list, labels)
        groups.append({"kind": kind, "title": title, "items": page_obj.object_list, "count": None})
    elif q:
        for key, (title, finder) in SEARCH_GROUPS.items():
            qs = finder(q)
            items = list(qs[:SEARCH_GROUP_SIZE])
            count = qs.count()
            if key == "results":
                _label_outcomes(items, labels)
            groups.append({"kind": key, "title": title, "items": items, "count": count})
    return render(
        request,
        "public/search.html",
        {
            "q": q,
            "kind": kind if page_obj is not None else "",
            "groups": groups,
            "page_obj": page_obj,
            "query": query_without_page(request),
            "max_length": sel.SEARCH_MAX_LENGTH,
        },
    )
