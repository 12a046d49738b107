"""Pages of suggestion handling: the detail page with its timeline and every role's action forms
(posted to one dispatcher, proposals:act), the staff review queue with duplicate hints, merging,
batch assignment, the unit's queue with traffic lights, and the director's approvals.

Every view states who may open it; objects come through proposals.selectors.suggestion_visible_to,
so that a suggestion out of the user's reach answers 404 like a missing one.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, DateField, F, OuterRef, Q, Subquery, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from proposals import services
from proposals.duplicates import attach_similar, similar_suggestions
from proposals.forms import ACTION_FORMS, APPROVE, MULTIPART, BatchAssignForm, MergeForm
from proposals.models import (
    AWAITING_REPLY,
    FINAL,
    CoHandling,
    Cosignature,
    Policy,
    State,
    Suggestion,
)
from proposals.selectors import suggestion_visible_to
from proposals.timeline import open_deadlines, timeline_of
from proposals.workflow import MOVES
from renda.core import params
from renda.core.versions import EditConflict, version_of
from renda.core.viewhelpers import add_service_errors as _add_service_errors
from renda.core.viewhelpers import any_permission
from renda.core.viewhelpers import paginate as _page
from renda.core.viewhelpers import query_without_page as _query_without_page
from renda.core.workflow import IllegalMove

VIEW_ALL = "proposals.view_all_suggestions"
REVIEW = "proposals.review_suggestion"
APPROVE_EXTENSION = "proposals.approve_extension"
MARK_KEY = "proposals.mark_key"
AS_UNIT = "accounts.act_as_unit"
AS_DEPUTY = "accounts.act_as_deputy"

SAVED = gettext_lazy("Saved.")
ASSIGNED = gettext_lazy("Assigned to %(unit)s as %(number)s; the reply is due on %(date)s.")
BATCH_ASSIGNED = gettext_lazy("%(count)d suggestions were assigned to %(unit)s.")
MERGED = gettext_lazy("“%(title)s” was merged into “%(into)s”.")

# What each action is called on its form heading and button.
ACTION_TITLES = {
    "review": gettext_lazy("Take up for review"),
    "return": gettext_lazy("Return for revision"),
    "reject": gettext_lazy("Do not accept"),
    "assign": gettext_lazy("Accept and assign"),
    "accept": gettext_lazy("Accept for handling"),
    "request_transfer": gettext_lazy("Ask for return"),
    "decide_transfer": gettext_lazy("Decide on the return request"),
    "consult": gettext_lazy("Record a consultation with the deputy"),
    "cohandle": gettext_lazy("Send the co-handling opinion"),
    "request_extension": gettext_lazy("Ask for more time"),
    "decide_extension": gettext_lazy("Decide on the extension"),
    "reply": gettext_lazy("Reply"),
    "rate": gettext_lazy("Rate the reply"),
    "progress": gettext_lazy("Report progress"),
    "close": gettext_lazy("Close"),
    "mark_key": gettext_lazy("Key suggestion and supervising leader"),
}
# Shown under the heading of some forms.
ACTION_HINTS = {
    "assign": gettext_lazy("The suggestion gets its number now; the reply deadline runs from today."),
    "request_transfer": gettext_lazy("Possible until %(date)s."),
    "reply": gettext_lazy("The lead unit replies for all units, after the co-handling opinions."),
    "rate": gettext_lazy("Unsatisfied sends it back to the unit to be handled again."),
    "close": gettext_lazy("Nothing further is expected on this suggestion."),
}

# The one form opened on arrival: what the state most expects next (the others stay folded).
PRIMARY_ORDER = [
    "rate",
    "accept",
    "reply",
    "progress",
    "decide_extension",
    "decide_transfer",
    "cohandle",
    "assign",
]

UNIT_TABS = [
    ("open", gettext_lazy("To do")),
    ("accept", gettext_lazy("To accept")),
    ("soon", gettext_lazy("Due soon")),
    ("overdue", gettext_lazy("Overdue")),
    ("cohandling", gettext_lazy("Opinions owed")),
    ("done", gettext_lazy("Replied")),
    ("all", gettext_lazy("All")),
]


# Deadlines and who may do what ------------------------------------------------------------------------------


def traffic_light(due, *, today, soon_days: int) -> str:
    """green; yellow when due within `soon_days` days; red when overdue. Empty without a deadline."""
    if due is None:
        return ""
    if due < today:
        return "red"
    if due <= today + timedelta(days=soon_days):
        return "yellow"
    return "green"


def reply_light(suggestion, *, today, soon_days: int) -> str:
    if suggestion.state not in AWAITING_REPLY:
        return ""
    return traffic_light(suggestion.reply_due, today=today, soon_days=soon_days)


@dataclass
class Roles:
    """How the user stands to one suggestion."""

    staff: bool
    director: bool
    marker: bool
    lead_unit: bool
    co_unit: CoHandling | None
    deputy: bool
    lead_deputy: bool


def roles_of(user, suggestion, cohandlings) -> Roles:
    as_unit = user.has_perm(AS_UNIT) and user.unit_id is not None
    co_unit = next((c for c in cohandlings if as_unit and c.unit_id == user.unit_id), None)
    deputy = user.has_perm(AS_DEPUTY)
    return Roles(
        staff=user.has_perm(REVIEW),
        director=user.has_perm(APPROVE_EXTENSION),
        marker=user.has_perm(MARK_KEY),
        lead_unit=as_unit and user.unit_id == suggestion.lead_unit_id,
        co_unit=co_unit,
        deputy=deputy,
        lead_deputy=deputy and suggestion.lead_deputy.user_id == user.pk,
    )


STAFF_ACTIONS = {"review", "return", "reject", "assign", "close"}
LEAD_UNIT_ACTIONS = {"accept", "request_transfer", "request_extension", "reply", "progress"}


def role_allows(roles: Roles, action: str) -> bool:
    """Whether the user's role may make this kind of move at all (the state is checked apart)."""
    if action in STAFF_ACTIONS:
        return roles.staff
    if action == "decide_transfer":
        return roles.staff or roles.director
    if action == "decide_extension":
        return roles.director
    if action == "mark_key":
        return roles.marker
    if action in LEAD_UNIT_ACTIONS:
        return roles.lead_unit
    if action == "consult":
        return roles.lead_unit or roles.co_unit is not None
    if action == "cohandle":
        return roles.co_unit is not None
    if action == "rate":
        # Any deputy who sees it may post; the service tells one who is not the lead deputy why not.
        return roles.deputy
    return False


def state_allows(suggestion, action: str, roles: Roles, *, today, has_done: bool) -> bool:
    state = suggestion.state
    if action == "assign":
        return state in (State.SUBMITTED, State.UNDER_REVIEW)
    if action == "request_transfer":
        return state == State.ASSIGNED and (
            suggestion.transfer_due is None or today <= suggestion.transfer_due
        )
    if action == "rate":
        return state == State.REPLIED and roles.lead_deputy
    if action == "close":
        return state == State.EVALUATED or (state == State.IMPLEMENTING and has_done)
    if action in MOVES:
        return state in MOVES[action].sources
    if action == "decide_transfer":
        return state == State.TRANSFER_REQUESTED
    if action == "consult":
        return state in services.CONSULT_STATES
    if action == "cohandle":
        return (
            state in services.COHANDLE_STATES and roles.co_unit is not None and roles.co_unit.sent_at is None
        )
    if action == "request_extension":
        return (
            state in MOVES["extend"].sources
            and not suggestion.is_extended
            and suggestion.extension_requested_at is None
        )
    if action == "decide_extension":
        return services.extension_pending(suggestion)
    if action == "progress":
        return state == State.IMPLEMENTING
    if action == "mark_key":
        return state not in FINAL and state != State.DRAFT
    return False


def actions_for(suggestion, roles: Roles, *, today, has_done: bool) -> list[str]:
    return [
        action
        for action in ACTION_FORMS
        if role_allows(roles, action)
        and state_allows(suggestion, action, roles, today=today, has_done=has_done)
    ]


# The detail page --------------------------------------------------------------------------------------------


def _form(action, suggestion, *, data=None, files=None):
    kwargs = {"prefix": action}
    if action == "mark_key":
        kwargs["suggestion"] = suggestion
    if data is None:
        kwargs["initial"] = {"version": version_of(suggestion)}
        return ACTION_FORMS[action](**kwargs)
    return ACTION_FORMS[action](data, files, **kwargs)


def _render_detail(request, suggestion, *, bound=None, status=200):
    today = timezone.localdate()
    policy = Policy.current()
    cohandlings = list(CoHandling.objects.filter(suggestion=suggestion).select_related("unit", "sent_by"))
    replies = list(suggestion.replies.select_related("unit", "by").prefetch_related("attachments"))
    consultations = list(suggestion.consultations.select_related("unit", "recorded_by"))
    progress = list(suggestion.progress_updates.select_related("by").prefetch_related("attachments"))
    has_done = any(p.is_done for p in progress)
    roles = roles_of(request.user, suggestion, cohandlings)
    actions = actions_for(suggestion, roles, today=today, has_done=has_done)
    if bound and bound[0] not in actions:
        actions.append(bound[0])
    primary = next((a for a in PRIMARY_ORDER if a in actions), None)
    forms = []
    for action in actions:
        form = bound[1] if bound and bound[0] == action else _form(action, suggestion)
        hint = ACTION_HINTS.get(action, "")
        if action == "request_transfer" and suggestion.transfer_due:
            hint = hint % {"date": date_format(suggestion.transfer_due, "DATE_FORMAT")}
        forms.append(
            {
                "action": action,
                "title": ACTION_TITLES[action],
                "hint": hint,
                "form": form,
                "multipart": action in MULTIPART,
                "open": form.is_bound if bound else action == primary,
            }
        )
    for c in cohandlings:
        c.light = "" if c.sent_at else traffic_light(c.due, today=today, soon_days=policy.due_soon_days)
    cosignatures = list(
        Cosignature.objects.filter(suggestion=suggestion)
        .exclude(state=Cosignature.State.DECLINED)
        .select_related("deputy")
        .order_by("pk")
    )
    for reply in replies:
        reply.outcome_label = policy.outcome_label(reply.outcome)
    deadlines = open_deadlines(suggestion, cohandlings, replies)
    return render(
        request,
        "proposals/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "today": today,
            "reply_deadline": next((d for d in deadlines if d.kind == "proposals.reply"), None),
            "other_deadlines": [d for d in deadlines if d.kind != "proposals.reply"],
            "outcome_label": policy.outcome_label(suggestion.outcome) if suggestion.outcome else "",
            "light": reply_light(suggestion, today=today, soon_days=policy.due_soon_days),
            "is_overdue": suggestion.state in AWAITING_REPLY
            and suggestion.reply_due is not None
            and suggestion.reply_due < today,
            "confirmed": [c for c in cosignatures if c.state == Cosignature.State.CONFIRMED],
            "invited": [c for c in cosignatures if c.state == Cosignature.State.INVITED],
            "cohandlings": cohandlings,
            "consultations": consultations,
            "replies": replies,
            "progress": progress,
            "attachments": [
                a for a in suggestion.attachments.all() if a.reply_id is None and a.progress_id is None
            ],
            "merged": list(suggestion.merged.select_related("lead_deputy").order_by("pk")),
            "timeline": timeline_of(
                suggestion,
                replies=replies,
                consultations=consultations,
                progress=progress,
                cohandlings=cohandlings,
            ),
            "action_forms": forms,
            "can_merge": roles.staff and suggestion.state in MOVES["merge"].sources,
            "roles": roles,
            "extension_pending": services.extension_pending(suggestion),
        },
        status=status,
    )


@any_permission(VIEW_ALL, AS_UNIT, AS_DEPUTY)
def detail(request, pk):
    suggestion = get_object_or_404(suggestion_visible_to(request.user), pk=pk)
    return _render_detail(request, suggestion)


def _fields(*names):
    """The form's cleaned values of `names`, as the service's keyword arguments."""
    return lambda data, user: {name: data[name] for name in names}


def _own_unit(*names):
    """The poster's own unit, with the cleaned values of `names`."""
    return lambda data, user: {"unit": user.unit, **_fields(*names)(data, user)}


def _decision(*names):
    """A decision form's approve-or-refuse, with the cleaned values of `names`."""
    return lambda data, user: {"approve": data["decision"] == APPROVE, **_fields(*names)(data, user)}


# Each action: the service it runs and the keyword arguments that service takes from the form (and
# from who posts it), beside the suggestion, the user and the version the form was shown at.
ACTIONS = {
    "review": (services.suggestion_review, _fields()),
    "return": (services.suggestion_return, _fields("note")),
    "reject": (services.suggestion_reject, _fields("note")),
    "assign": (services.suggestion_assign, _fields("lead_unit", "co_units")),
    "accept": (services.suggestion_accept, _fields()),
    "request_transfer": (services.suggestion_request_transfer, _fields("reason")),
    "decide_transfer": (services.suggestion_decide_transfer, _decision("lead_unit", "co_units", "note")),
    "consult": (services.consultation_record, _fields("way", "date", "notes")),
    "cohandle": (services.cohandling_send, _own_unit("opinion")),
    "request_extension": (services.suggestion_request_extension, _fields("reason")),
    "decide_extension": (services.suggestion_decide_extension, _decision("note")),
    "reply": (services.suggestion_reply, _fields("outcome", "text", "letter")),
    "rate": (services.suggestion_rate, _fields("satisfaction", "comment")),
    "progress": (services.progress_record, _fields("date", "text", "is_done", "evidence")),
    "close": (services.suggestion_close, _fields()),
    "mark_key": (services.suggestion_mark_key, _fields("is_key", "leader")),
}


def _run(action, suggestion, data, user):
    if action not in ACTIONS:
        raise Http404
    service, arguments = ACTIONS[action]
    version = data.get("version") or None
    return service(suggestion=suggestion, by=user, version=version, **arguments(data, user))


def _success_message(action, suggestion) -> str:
    if action == "assign":
        return ASSIGNED % {
            "unit": suggestion.lead_unit,
            "number": suggestion.number_label,
            "date": date_format(suggestion.reply_due, "DATE_FORMAT"),
        }
    return str(SAVED)


def _next_url(request, default):
    return params.next_url(request, request.POST, default=default)


@any_permission(REVIEW, APPROVE_EXTENSION, MARK_KEY, AS_UNIT, AS_DEPUTY)
def act(request, pk, action):
    """One action on a suggestion, posted from its form on the detail page (or the approvals page)."""
    if request.method != "POST":
        return redirect("proposals:detail", pk=pk)
    suggestion = get_object_or_404(suggestion_visible_to(request.user), pk=pk)
    if action not in ACTION_FORMS:
        raise Http404
    cohandlings = list(CoHandling.objects.filter(suggestion=suggestion))
    if not role_allows(roles_of(request.user, suggestion, cohandlings), action):
        raise PermissionDenied
    form = _form(action, suggestion, data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            done = _run(action, suggestion, form.cleaned_data, request.user)
        except (IllegalMove, EditConflict) as exc:
            # The state moved on, or someone else changed the suggestion since the page was shown.
            messages.error(request, exc.message)
            suggestion = get_object_or_404(suggestion_visible_to(request.user), pk=pk)
            # Keep what was typed, with the version the user now sees, so that posting again is a choice.
            data = request.POST.copy()
            data[form.add_prefix("version")] = version_of(suggestion)
            form = _form(action, suggestion, data=data, files=request.FILES)
            form.is_valid()
            form.add_error(None, exc.message)
            cohandlings = list(CoHandling.objects.filter(suggestion=suggestion))
            roles = roles_of(request.user, suggestion, cohandlings)
            progress_done = suggestion.progress_updates.filter(is_done=True).exists()
            if action not in actions_for(
                suggestion, roles, today=timezone.localdate(), has_done=progress_done
            ):
                return _render_detail(request, suggestion)
            return _render_detail(request, suggestion, bound=(action, form))
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _success_message(action, done))
            return redirect(_next_url(request, done.get_absolute_url()))
    elif not _state_still_allows(request.user, suggestion, action, cohandlings):
        # The suggestion moved on since the form was shown: say so rather than point at its fields.
        label = MOVES[action].label if action in MOVES else services.EVENT_LABELS[action]
        messages.error(request, services.illegal_move(suggestion, label).message)
        return _render_detail(request, suggestion)
    return _render_detail(request, suggestion, bound=(action, form))


def _state_still_allows(user, suggestion, action, cohandlings) -> bool:
    roles = roles_of(user, suggestion, cohandlings)
    roles.lead_deputy = True  # who may rate is the service's to say, at the field
    has_done = suggestion.progress_updates.filter(is_done=True).exists()
    return state_allows(suggestion, action, roles, today=timezone.localdate(), has_done=has_done)


# Staff: review queue, merging, batch assignment -------------------------------------------------------------


REVIEW_STATES = [State.SUBMITTED, State.UNDER_REVIEW]


def _review_current(request) -> dict[str, str]:
    """The review queue's filters as read from the query string; a value that is none of the choices
    is no filter."""
    from proposals.models import Category

    session_pk = params.object_id(request.GET, "session")
    return {
        "state": params.choice(request.GET, "state", REVIEW_STATES),
        "session": "none" if request.GET.get("session") == "none" else str(session_pk or ""),
        "category": params.choice(request.GET, "category", Category.values),
        "q": params.search(request.GET, "q"),
    }


def _review_filters(request, queryset):
    current = _review_current(request)
    if current["state"]:
        queryset = queryset.filter(state=current["state"])
    if current["session"] == "none":
        queryset = queryset.filter(session__isnull=True)
    elif current["session"]:
        queryset = queryset.filter(session_id=int(current["session"]))
    if current["category"]:
        queryset = queryset.filter(category=current["category"])
    if q := current["q"]:
        queryset = queryset.filter(Q(title__icontains=q) | Q(lead_deputy__name__icontains=q))
    return queryset


def _review_list(user):
    return (
        suggestion_visible_to(user)
        .filter(state__in=REVIEW_STATES)
        .annotate(
            cosigner_count=Count(
                "cosignature", filter=Q(cosignature__state=Cosignature.State.CONFIRMED), distinct=True
            )
        )
        .order_by("submitted_at", "pk")
    )


def _filter_context(request):
    from proposals.models import Category
    from renda.core.models import Session

    return {
        "states": [(s, State(s).label) for s in REVIEW_STATES],
        "categories": Category.choices,
        "sessions": list(Session.objects.select_related("term").order_by("-start_date")[:12]),
        "current": _review_current(request),
    }


@login_required
@permission_required(REVIEW, raise_exception=True)
def review_queue(request):
    page = _page(request, _review_filters(request, _review_list(request.user)))
    attach_similar(page.object_list)
    for item in page.object_list:
        item.version = version_of(item)
    return render(
        request,
        "proposals/review_queue.html",
        {"page_obj": page, "query": _query_without_page(request), **_filter_context(request)},
    )


def open_suggestions():
    return Suggestion.objects.open().select_related("term", "session", "lead_deputy", "lead_unit")


def _merge_search(suggestion, q: str) -> list:
    """Open suggestions whose title or lead deputy matches `q`, or whose number is `q`."""
    if not q:
        return []
    match = Q(title__icontains=q) | Q(lead_deputy__name__icontains=q)
    if (number := params.parse_int(q, low=1, high=params.ID_MAX)) is not None:
        match |= Q(number=number)
    return list(
        open_suggestions().exclude(pk=suggestion.pk).filter(match).order_by("-year", "number", "pk")[:20]
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def merge(request, pk):
    """Merge a duplicate into another open suggestion, picked among the similar ones or searched for."""
    suggestion = get_object_or_404(suggestion_visible_to(request.user), pk=pk)
    q = params.search(request.GET, "q") or params.search(request.POST, "q")
    similar = similar_suggestions([suggestion], limit=10).get(suggestion.pk, [])
    found = _merge_search(suggestion, q)
    candidates = list({s.pk: s for s in [*similar, *found]}.values())
    form = MergeForm(
        request.POST or None,
        candidates=open_suggestions().exclude(pk=suggestion.pk),
        initial={"version": version_of(suggestion)},
    )
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        try:
            services.suggestion_merge(
                suggestion=suggestion,
                into=into,
                by=request.user,
                version=form.cleaned_data["version"] or None,
            )
        except (IllegalMove, EditConflict) as exc:
            messages.error(request, exc.message)
            return redirect(suggestion)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, MERGED % {"title": suggestion.title, "into": into.title})
            return redirect(into)
    chosen = params.object_id(form.data, "into") if form.is_bound else None
    if chosen:
        extra = open_suggestions().filter(pk=chosen).first()
        if extra is not None and all(c.pk != extra.pk for c in candidates):
            candidates.append(extra)
    return render(
        request,
        "proposals/merge.html",
        {
            "suggestion": suggestion,
            "form": form,
            "candidates": candidates,
            "similar_ids": {s.pk for s in similar},
            "q": q,
            "can_merge": suggestion.state in MOVES["merge"].sources,
        },
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def batch_assign(request):
    """Assign many suggestions under review to the same units in one step, all or nothing."""
    candidates = Suggestion.objects.filter(state__in=REVIEW_STATES)
    form = BatchAssignForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = services.suggestions_assign(
                suggestions=list(data["suggestions"]),
                lead_unit=data["lead_unit"],
                co_units=list(data["co_units"]),
                by=request.user,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, BATCH_ASSIGNED % {"count": len(done), "unit": data["lead_unit"]})
            return redirect(f"{reverse('proposals:batch_assign')}?{_query_without_page(request)}".rstrip("?"))
    page = _page(request, _review_filters(request, _review_list(request.user)))
    ticked = {str(pk) for pk in params.object_ids(form.data, "suggestions") or []} if form.is_bound else set()
    return render(
        request,
        "proposals/batch_assign.html",
        {
            "form": form,
            "page_obj": page,
            "ticked": ticked,
            "query": _query_without_page(request),
            **_filter_context(request),
        },
    )


# Units: the queue with traffic lights -----------------------------------------------------------------------


def unit_queue_of(unit, *, today, soon_days: int):
    """What is assigned to `unit` (lead or co-handling), with the co-handling deadline annotated."""
    mine = CoHandling.objects.filter(suggestion=OuterRef("pk"), unit=unit)
    return (
        Suggestion.objects.filter(
            Q(lead_unit=unit) | Q(pk__in=CoHandling.objects.filter(unit=unit).values("suggestion")),
            assigned_at__isnull=False,
        )
        .select_related("term", "session", "lead_deputy", "lead_unit")
        .annotate(
            co_due=Subquery(mine.values("due")[:1]),
            co_sent=Subquery(mine.values("sent_at")[:1]),
        )
        .annotate(
            # The deadline that matters to this unit: the reply it owes, or its co-handling opinion.
            queue_due=Case(
                When(Q(lead_unit=unit, state__in=AWAITING_REPLY), then=F("reply_due")),
                When(~Q(lead_unit=unit) & Q(co_sent__isnull=True), then=F("co_due")),
                default=None,
                output_field=DateField(),
            )
        )
    )


def _unit_tab_filters(unit, *, today, soon):
    lead = Q(lead_unit=unit)
    owed = Q(co_due__isnull=False, co_sent__isnull=True, state__in=services.COHANDLE_STATES) & ~lead
    awaiting = lead & Q(state__in=AWAITING_REPLY)
    return {
        "open": awaiting | (lead & Q(state=State.IMPLEMENTING)) | owed,
        "accept": lead & Q(state=State.ASSIGNED),
        "soon": awaiting & Q(reply_due__gte=today, reply_due__lte=soon),
        "overdue": awaiting & Q(reply_due__lt=today),
        "cohandling": owed,
        "done": (lead & Q(state__in=[State.REPLIED, State.EVALUATED, State.CLOSED, State.IMPLEMENTING]))
        | (Q(co_sent__isnull=False) & ~lead),
        "all": Q(),
    }


@login_required
@permission_required(AS_UNIT, raise_exception=True)
def unit_queue(request):
    unit = request.user.unit
    today = timezone.localdate()
    policy = Policy.current()
    soon = today + timedelta(days=policy.due_soon_days)
    show = params.choice(request.GET, "show", dict(UNIT_TABS), default="open")
    counts, page = {}, None
    if unit is not None:
        queryset = unit_queue_of(unit, today=today, soon_days=policy.due_soon_days)
        tabs = _unit_tab_filters(unit, today=today, soon=soon)
        counts = queryset.aggregate(**{key: Count("pk", filter=condition) for key, condition in tabs.items()})
        rows = queryset.filter(tabs[show]).order_by(F("queue_due").asc(nulls_last=True), "-assigned_at", "pk")
        page = _page(request, rows)
        for item in page.object_list:
            item.is_lead = item.lead_unit_id == unit.pk
            if item.is_lead:
                item.light = reply_light(item, today=today, soon_days=policy.due_soon_days)
                item.due = item.reply_due if item.state in AWAITING_REPLY else None
            else:
                item.due = item.co_due if item.co_sent is None else None
                item.light = traffic_light(item.due, today=today, soon_days=policy.due_soon_days)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/unit_queue.html",
        {
            "unit": unit,
            "page_obj": page,
            "query": query.urlencode(),
            "tabs": [(key, label, counts.get(key, 0)) for key, label in UNIT_TABS],
            "show": show,
            "today": today,
            "soon_days": policy.due_soon_days,
        },
    )


# Directors: extensions and return requests ------------------------------------------------------------------


def pending_extensions():
    return Suggestion.objects.filter(
        extension_requested_at__isnull=False, is_extended=False, state__in=MOVES["extend"].sources
    )


def pending_transfers():
    return Suggestion.objects.filter(state=State.TRANSFER_REQUESTED)


@any_permission(APPROVE_EXTENSION, REVIEW)
def approvals(request):
    from renda.core.models import Unit

    can_extend = request.user.has_perm(APPROVE_EXTENSION)
    kind = params.choice(
        request.GET, "kind", ("extension", "transfer"), default="extension" if can_extend else "transfer"
    )
    if kind == "extension" and not can_extend:
        raise PermissionDenied
    counts = {"extension": pending_extensions().count(), "transfer": pending_transfers().count()}
    rows = pending_extensions() if kind == "extension" else pending_transfers()
    rows = rows.select_related("term", "session", "lead_deputy", "lead_unit").order_by(
        "extension_requested_at" if kind == "extension" else "transfer_due", "pk"
    )
    page = _page(request, rows)
    for item in page.object_list:
        item.version = version_of(item)
    return render(
        request,
        "proposals/approvals.html",
        {
            "kind": kind,
            "can_extend": can_extend,
            "counts": counts,
            "page_obj": page,
            "query": _query_without_page(request),
            "units": list(Unit.objects.active().only("pk", "name")) if kind == "transfer" else [],
            "here": request.get_full_path(),
        },
    )


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", act, name="act"),
    path("<int:pk>/merge/", merge, name="merge"),
    path("review/", review_queue, name="review_queue"),
    path("assign/", batch_assign, name="batch_assign"),
    path("unit/", unit_queue, name="unit_queue"),
    path("approvals/", approvals, name="approvals"),
]
