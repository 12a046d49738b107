"""Pages of supervision: topics by year, activities, review opinions with their items and timeline, the
unit's queue of rectification items, and the rectification ledger with its .xlsx export.

Every view states who may open it. Pages open to several roles use `any_permission`: the user must
hold at least one of the permissions, and the object is then fetched through a selector, so that a
topic, activity, opinion or item outside the user's reach answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import params
from renda.core.calendar import deadline_after
from renda.core.versions import EditConflict
from renda.core.viewhelpers import SAVED, any_permission, file_response, saved_or_none
from renda.core.viewhelpers import add_service_errors as _add_service_errors
from renda.core.viewhelpers import paginate as _page
from renda.core.viewhelpers import query_without_page as _query_without_page
from renda.core.workflow import IllegalMove, allowed_actions
from renda.core.xlsx import xlsx_response
from supervision import selectors, services
from supervision.filters import LedgerFilter
from supervision.forms import (
    ActivityForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ItemForm,
    OpinionForm,
    ProgressForm,
    ReportForm,
    SendBackForm,
    SendForm,
    TopicForm,
    VerifyForm,
    VoteForm,
)
from supervision.models import Activity, Policy, RectificationItem, ReviewOpinion, Topic
from supervision.workflow import (
    APPROVE,
    AS_UNIT,
    ITEM_MOVES,
    ITEM_PERMISSIONS,
    MANAGE,
    OPEN_ITEM_STATES,
    OPINION_MOVES,
    OPINION_PERMISSIONS,
    SOON_DAYS,
    VIEW,
    traffic_light,
)

AS_DEPUTY = "accounts.act_as_deputy"

PROGRESS_SAVED = gettext_lazy("The progress has been recorded.")
DONE_SAVED = gettext_lazy("The item is reported done; the committee's staff will verify it.")
EXTENSION_ASKED = gettext_lazy("The extension has been asked for; the director meeting will decide.")
NOT_LINKED = gettext_lazy("Your account is not linked to a unit yet. Ask the committee office to link it.")

# What each opinion action is called on its button and form heading.
OPINION_ACTION_TITLES = {
    "approve": gettext_lazy("Approve the review opinion"),
    "send": gettext_lazy("Send to the body"),
    "report": gettext_lazy("Record the written handling report"),
    "close": gettext_lazy("Close without a vote"),
    "vote": gettext_lazy("Record the satisfaction vote"),
    "publish": gettext_lazy("Publish the result"),
}


def _form_page(
    request,
    form,
    *,
    title,
    cancel_url,
    submit_label=None,
    intro="",
    crumbs=(),
    multipart=False,
    another_label="",
):
    return render(
        request,
        "supervision/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label or _("Save"),
            "intro": intro,
            "crumbs": crumbs,
            "multipart": multipart,
            "another_label": another_label,
        },
    )


def _topic_crumbs(topic):
    return [
        (_("Supervision"), f"{reverse('supervision:index')}?year={topic.year}"),
        (topic.title, topic.get_absolute_url()),
    ]


def _opinion_crumbs(user, opinion):
    crumbs = []
    if selectors.sees_all(user):
        crumbs = _topic_crumbs(opinion.activity.topic)
        crumbs.append((str(opinion.activity.get_kind_display()), opinion.activity.get_absolute_url()))
    elif selectors.unit_of(user):
        crumbs = [(_("Rectification items"), reverse("supervision:unit_queue"))]
    crumbs.append((opinion.title, opinion.get_absolute_url()))
    return crumbs


# Topics and activities ------------------------------------------------------------------------------


@any_permission(VIEW, AS_DEPUTY)
def index(request):
    user = request.user
    years = selectors.topic_years(user)
    today = timezone.localdate()
    year = params.year(request.GET)
    if year not in years:
        year = today.year if today.year in years else (years[0] if years else today.year)
    topics = selectors.topics_overview(user, year=year, today=today)
    return render(
        request,
        "supervision/index.html",
        {
            "year": year,
            "years": years,
            "page_obj": _page(request, topics),
            "query": _query_without_page(request),
            "sees_all": selectors.sees_all(user),
            "can_manage": user.has_perm(MANAGE),
        },
    )


@any_permission(VIEW, AS_DEPUTY)
def topic_detail(request, pk):
    user = request.user
    topic = get_object_or_404(selectors.topic_visible_to(user), pk=pk)
    activities = list(selectors.activities_of(user, topic))
    opinions_by_activity = {}
    if selectors.sees_all(user):
        for opinion in selectors.opinions_of_activities(a.pk for a in activities):
            opinions_by_activity.setdefault(opinion.activity_id, []).append(opinion)
    for activity in activities:
        activity.opinion_list = opinions_by_activity.get(activity.pk, [])
    return render(
        request,
        "supervision/topic_detail.html",
        {
            "topic": topic,
            "activities": activities,
            "sees_all": selectors.sees_all(user),
            "can_manage": user.has_perm(MANAGE),
            "crumbs": [(_("Supervision"), f"{reverse('supervision:index')}?year={topic.year}")],
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def topic_create(request):
    form = TopicForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.topic_create(data=f.cleaned_data, by=request.user),
        done=lambda topic: topic,
    )
    return response or _form_page(
        request,
        form,
        title=_("New supervision topic"),
        cancel_url=reverse("supervision:index"),
        crumbs=[(_("Supervision"), reverse("supervision:index"))],
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def topic_edit(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    form = TopicForm(request.POST or None, instance=topic)
    response = saved_or_none(
        request,
        form,
        lambda f: services.topic_update(topic=topic, data=f.cleaned_data, by=request.user),
        done=lambda saved: topic,
    )
    return response or _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": topic.title},
        cancel_url=topic.get_absolute_url(),
        crumbs=_topic_crumbs(topic),
    )


@any_permission(VIEW, AS_DEPUTY)
def activity_detail(request, pk):
    user = request.user
    activity = get_object_or_404(selectors.activity_visible_to(user), pk=pk)
    sees_all = selectors.sees_all(user)
    return render(
        request,
        "supervision/activity_detail.html",
        {
            "activity": activity,
            "people": selectors.activity_people(activity),
            "files": selectors.activity_files(activity),
            "opinions": list(selectors.opinions_of_activities([activity.pk])) if sees_all else [],
            "sees_all": sees_all,
            "can_manage": user.has_perm(MANAGE),
            "crumbs": _topic_crumbs(activity.topic),
        },
    )


def _activity_form(request, *, topic, activity=None):
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        deputies = data.pop("deputies", [])
        files = data.pop("attachments", [])
        try:
            if activity is None:
                activity = services.activity_create(
                    topic=topic, data=data, deputies=deputies, files=files, by=request.user
                )
            else:
                activity = services.activity_update(
                    activity=activity, data=data, deputies=deputies, files=files, by=request.user
                )
        except EditConflict as exc:
            form.show_current(exc.current)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect(activity)
    return form


@login_required
@permission_required(MANAGE, raise_exception=True)
def activity_create(request, topic_pk):
    topic = get_object_or_404(Topic, pk=topic_pk)
    result = _activity_form(request, topic=topic)
    if not isinstance(result, ActivityForm):
        return result
    return _form_page(
        request,
        result,
        title=_("New activity on %(topic)s") % {"topic": topic.title},
        cancel_url=topic.get_absolute_url(),
        crumbs=_topic_crumbs(topic),
        multipart=True,
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("topic"), pk=pk)
    result = _activity_form(request, topic=activity.topic, activity=activity)
    if not isinstance(result, ActivityForm):
        return result
    return _form_page(
        request,
        result,
        title=_("Edit the activity of %(date)s") % {"date": activity.date.isoformat()},
        cancel_url=activity.get_absolute_url(),
        crumbs=_topic_crumbs(activity.topic),
        multipart=True,
    )


# Review opinions ------------------------------------------------------------------------------------


def _opinion_actions(user, opinion) -> list[str]:
    allowed = set(allowed_actions(opinion, OPINION_MOVES))
    candidates = {
        "approve": "approve" in allowed,
        "send": "send" in allowed,
        "report": "report" in allowed,
        "vote": "vote_satisfied" in allowed,
        "close": "close" in allowed,
        "publish": opinion.state == ReviewOpinion.State.CLOSED and not opinion.published_at,
    }
    return [a for a, ok in candidates.items() if ok and user.has_perm(OPINION_PERMISSIONS[a])]


@any_permission(VIEW, AS_UNIT)
def opinion_detail(request, pk):
    user = request.user
    opinion = get_object_or_404(selectors.opinion_visible_to(user), pk=pk)
    today = timezone.localdate()
    items = selectors.items_of(user, opinion)
    for item in items:
        item.light = traffic_light(item, today=today)
    updates = list(selectors.updates_of(items))
    return render(
        request,
        "supervision/opinion_detail.html",
        {
            "opinion": opinion,
            "items": items,
            "timeline": selectors.opinion_timeline(opinion, items, updates),
            "actions": [(a, OPINION_ACTION_TITLES[a]) for a in _opinion_actions(user, opinion)],
            "sees_all": selectors.sees_all(user),
            "can_manage": user.has_perm(MANAGE),
            "can_add_items": user.has_perm(MANAGE) and opinion.state != ReviewOpinion.State.CLOSED,
            "report_overdue": opinion.state
            in (ReviewOpinion.State.SENT, ReviewOpinion.State.RECTIFYING_AGAIN)
            and opinion.report_due
            and opinion.report_due < today,
            "crumbs": _opinion_crumbs(user, opinion)[:-1],
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def opinion_create(request, activity_pk):
    activity = get_object_or_404(Activity.objects.select_related("topic"), pk=activity_pk)
    form = OpinionForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.opinion_create(activity=activity, data=f.cleaned_data, by=request.user),
        done=lambda opinion: opinion,
    )
    return response or _form_page(
        request,
        form,
        title=_("New review opinion"),
        intro=str(activity),
        cancel_url=activity.get_absolute_url(),
        crumbs=[*_topic_crumbs(activity.topic), (activity.get_kind_display(), activity.get_absolute_url())],
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def opinion_edit(request, pk):
    opinion = get_object_or_404(ReviewOpinion.objects.select_related("activity__topic"), pk=pk)
    form = OpinionForm(request.POST or None, instance=opinion)
    response = saved_or_none(
        request,
        form,
        lambda f: services.opinion_update(opinion=opinion, data=f.cleaned_data, by=request.user),
        done=lambda saved: opinion,
    )
    return response or _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": opinion.title},
        cancel_url=opinion.get_absolute_url(),
        crumbs=_opinion_crumbs(request.user, opinion),
    )


def _opinion_form(action, opinion, data):
    if action == "send":
        return SendForm(data, initial={"sent_on": timezone.localdate()})
    if action == "report":
        return ReportForm(data, initial={"received_on": timezone.localdate()})
    if action == "vote":
        return VoteForm(data, initial={"voted_on": timezone.localdate()})
    return VerifyForm(data)


def _run_opinion_action(action, opinion, data, user):
    if action == "approve":
        return services.opinion_approve(opinion=opinion, note=data.get("note", ""), by=user)
    if action == "send":
        return services.opinion_send(opinion=opinion, sent_on=data["sent_on"], by=user)
    if action == "report":
        return services.opinion_report(
            opinion=opinion, received_on=data["received_on"], report=data["report"], by=user
        )
    if action == "vote":
        return services.opinion_vote(
            opinion=opinion,
            satisfied=data["satisfied"],
            basically=data["basically"],
            unsatisfied=data["unsatisfied"],
            voted_on=data["voted_on"],
            by=user,
        )
    if action == "close":
        return services.opinion_close(opinion=opinion, note=data.get("note", ""), by=user)
    return services.opinion_publish(opinion=opinion, by=user)


def _intro(action, opinion) -> str:
    if action == "send":
        months = Policy.current().report_months
        example = deadline_after(timezone.localdate(), months=months)
        return _(
            "The written handling report will be due %(months)s months after the day it is sent "
            "(sent today: %(date)s), moved to the next working day if that is a holiday."
        ) % {"months": months, "date": services.day_label(example)}
    if action == "vote":
        return _(
            "If more than half of the votes cast are unsatisfied, the body must rectify again within "
            "%(months)s months and report again; otherwise the opinion is closed."
        ) % {"months": Policy.current().rerectify_months}
    return ""


@any_permission(VIEW, AS_UNIT)
def opinion_act(request, pk, action):
    if action not in OPINION_ACTION_TITLES:
        raise Http404
    if not request.user.has_perm(OPINION_PERMISSIONS[action]):
        raise PermissionDenied
    opinion = get_object_or_404(selectors.opinion_visible_to(request.user), pk=pk)
    if action not in _opinion_actions(request.user, opinion):
        messages.error(request, _("This cannot be done to the opinion in its present state."))
        return redirect(opinion)
    form = _opinion_form(action, opinion, request.POST if request.method == "POST" else None)
    response = saved_or_none(
        request,
        form,
        lambda f: _run_opinion_action(action, opinion, f.cleaned_data, request.user),
        done=lambda saved: opinion,
        illegal_to=opinion,
    )
    return response or _form_page(
        request,
        form,
        title=OPINION_ACTION_TITLES[action],
        intro=_intro(action, opinion),
        submit_label=OPINION_ACTION_TITLES[action],
        cancel_url=opinion.get_absolute_url(),
        crumbs=_opinion_crumbs(request.user, opinion),
    )


# Rectification items --------------------------------------------------------------------------------


def _item_actions(user, item) -> dict:
    allowed = set(allowed_actions(item, ITEM_MOVES))
    own_unit = selectors.unit_of(user) == item.unit_id
    is_open = item.state in OPEN_ITEM_STATES
    return {
        "progress": is_open and (own_unit or user.has_perm(MANAGE)),
        "extension_request": is_open and own_unit and item.extension_deadline is None,
        "extension_decide": item.extension_deadline is not None
        and user.has_perm(ITEM_PERMISSIONS["extension_decide"]),
        "verify": "verify" in allowed and user.has_perm(ITEM_PERMISSIONS["verify"]),
        "send_back": "send_back" in allowed and user.has_perm(ITEM_PERMISSIONS["send_back"]),
        "edit": item.state != RectificationItem.State.VERIFIED and user.has_perm(MANAGE),
    }


@any_permission(VIEW, AS_UNIT)
def item_detail(request, pk):
    user = request.user
    item = get_object_or_404(selectors.item_visible_to(user), pk=pk)
    today = timezone.localdate()
    item.light = traffic_light(item, today=today)
    updates = list(selectors.updates_of([item]))
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "updates": updates,
            "timeline": selectors.item_timeline(item, updates),
            "actions": _item_actions(user, item),
            "crumbs": _opinion_crumbs(user, item.opinion),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_create(request, opinion_pk):
    opinion = get_object_or_404(ReviewOpinion.objects.select_related("activity__topic"), pk=opinion_pk)
    form = ItemForm(request.POST or None, opinion=opinion)
    response = saved_or_none(
        request,
        form,
        lambda f: services.item_create(opinion=opinion, by=request.user, **f.item_fields()),
        done=lambda item: (
            reverse("supervision:item_create", kwargs={"opinion_pk": opinion.pk})
            if "another" in request.POST
            else opinion
        ),
    )
    return response or _form_page(
        request,
        form,
        title=_("New rectification item"),
        intro=opinion.title,
        another_label=_("Save and add another"),
        cancel_url=opinion.get_absolute_url(),
        crumbs=_opinion_crumbs(request.user, opinion),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_edit(request, pk):
    item = get_object_or_404(RectificationItem.objects.select_related("opinion__activity__topic"), pk=pk)
    form = ItemForm(request.POST or None, opinion=item.opinion, item=item)
    response = saved_or_none(
        request,
        form,
        lambda f: services.item_update(
            item=item, by=request.user, version=f.cleaned_data["version"], **f.item_fields()
        ),
        done=lambda saved: item,
    )
    return response or _form_page(
        request,
        form,
        title=_("Edit the rectification item"),
        cancel_url=item.get_absolute_url(),
        crumbs=_opinion_crumbs(request.user, item.opinion),
    )


def _item_for_action(request, pk, action):
    item = get_object_or_404(selectors.item_visible_to(request.user), pk=pk)
    if not _item_actions(request.user, item)[action]:
        raise PermissionDenied
    return item


@any_permission(AS_UNIT, MANAGE)
def item_progress(request, pk):
    item = get_object_or_404(selectors.item_visible_to(request.user), pk=pk)
    if item.state not in OPEN_ITEM_STATES:
        messages.error(request, _("This item is no longer open for progress updates."))
        return redirect(item)
    if not _item_actions(request.user, item)["progress"]:
        raise PermissionDenied
    form = ProgressForm(request.POST or None, request.FILES or None, item=item)
    response = saved_or_none(
        request,
        form,
        lambda f: services.progress_record(
            item=item,
            date=f.cleaned_data["date"],
            percent=f.cleaned_data["percent"],
            text=f.cleaned_data["text"],
            files=f.cleaned_data["evidence"],
            by=request.user,
        ),
        done=lambda update: (
            "supervision:unit_queue" if selectors.unit_of(request.user) == item.unit_id else item
        ),
        success=lambda update: DONE_SAVED if form.cleaned_data["percent"] == 100 else PROGRESS_SAVED,
        illegal_to=item,
    )
    return response or _form_page(
        request,
        form,
        title=_("Report progress"),
        intro=item.description,
        submit_label=_("Record progress"),
        cancel_url=item.get_absolute_url(),
        crumbs=[
            *_opinion_crumbs(request.user, item.opinion),
            (_("Rectification item"), item.get_absolute_url()),
        ],
        multipart=True,
    )


@any_permission(AS_UNIT)
def item_extension(request, pk):
    item = _item_for_action(request, pk, "extension_request")
    form = ExtensionRequestForm(request.POST or None, item=item)
    response = saved_or_none(
        request,
        form,
        lambda f: services.item_extension_request(
            item=item, reason=f.cleaned_data["reason"], until=f.cleaned_data["until"], by=request.user
        ),
        done=lambda saved: item,
        success=EXTENSION_ASKED,
        illegal_to=item,
    )
    return response or _form_page(
        request,
        form,
        title=_("Ask for an extension"),
        intro=_("The current deadline is %(date)s.") % {"date": services.day_label(item.deadline)},
        submit_label=_("Ask for the extension"),
        cancel_url=item.get_absolute_url(),
        crumbs=[
            *_opinion_crumbs(request.user, item.opinion),
            (_("Rectification item"), item.get_absolute_url()),
        ],
    )


@login_required
@permission_required(APPROVE, raise_exception=True)
def item_extension_decide(request, pk):
    item = _item_for_action(request, pk, "extension_decide")
    form = ExtensionDecisionForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.item_extension_decide(
            item=item,
            approve=f.cleaned_data["decision"] == "approve",
            note=f.cleaned_data["note"],
            by=request.user,
        ),
        done=lambda saved: item,
    )
    return response or _form_page(
        request,
        form,
        title=_("Decide on the extension"),
        intro=_("%(unit)s asks to move the deadline from %(old)s to %(new)s: %(reason)s")
        % {
            "unit": item.unit,
            "old": services.day_label(item.deadline),
            "new": services.day_label(item.extension_deadline),
            "reason": item.extension_reason,
        },
        cancel_url=item.get_absolute_url(),
        crumbs=[
            *_opinion_crumbs(request.user, item.opinion),
            (_("Rectification item"), item.get_absolute_url()),
        ],
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_verify(request, pk):
    item = _item_for_action(request, pk, "verify")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_verify(item=item, note=form.cleaned_data["note"], by=request.user)
        except IllegalMove as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The item is verified as put right."))
        return redirect(item)
    return _form_page(
        request,
        form,
        title=_("Verify the rectification item"),
        intro=item.description,
        submit_label=_("Verify"),
        cancel_url=item.get_absolute_url(),
        crumbs=[
            *_opinion_crumbs(request.user, item.opinion),
            (_("Rectification item"), item.get_absolute_url()),
        ],
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_send_back(request, pk):
    item = _item_for_action(request, pk, "send_back")
    form = SendBackForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.item_send_back(item=item, note=f.cleaned_data["note"], by=request.user),
        done=lambda saved: item,
        success=_("The item has been sent back to the unit."),
        illegal_to=item,
    )
    return response or _form_page(
        request,
        form,
        title=_("Send back to the unit"),
        intro=item.description,
        submit_label=_("Send back"),
        cancel_url=item.get_absolute_url(),
        crumbs=[
            *_opinion_crumbs(request.user, item.opinion),
            (_("Rectification item"), item.get_absolute_url()),
        ],
    )


@any_permission(VIEW, AS_UNIT, AS_DEPUTY)
def evidence(request, pk):
    item = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    return file_response(item.file, filename=item.name, content_type=item.content_type)


# The unit's queue and the ledger --------------------------------------------------------------------

UNIT_TABS = [
    ("open", gettext_lazy("Open")),
    ("soon", gettext_lazy("Due soon")),
    ("overdue", gettext_lazy("Overdue")),
    ("done", gettext_lazy("Done, awaiting verification")),
    ("verified", gettext_lazy("Verified")),
    ("all", gettext_lazy("All")),
]


def _unit_tab_filters(queryset, *, today):
    from datetime import timedelta

    return {
        "open": queryset.filter(state__in=OPEN_ITEM_STATES),
        "soon": queryset.filter(
            state__in=OPEN_ITEM_STATES, deadline__gte=today, deadline__lte=today + timedelta(days=SOON_DAYS)
        ),
        "overdue": queryset.filter(state__in=OPEN_ITEM_STATES, deadline__lt=today),
        "done": queryset.filter(state=RectificationItem.State.DONE),
        "verified": queryset.filter(state=RectificationItem.State.VERIFIED),
        "all": queryset,
    }


@login_required
@permission_required(AS_UNIT, raise_exception=True)
def unit_queue(request):
    unit_id = selectors.unit_of(request.user)
    if unit_id is None:
        return render(request, "supervision/unit_queue.html", {"unit": None})
    today = timezone.localdate()
    base = selectors.unit_queue(unit_id)
    tabs = _unit_tab_filters(base, today=today)
    show = params.choice(request.GET, "show", tabs, default="open")
    counts = {key: qs.count() for key, qs in tabs.items()}
    page_obj = _page(request, tabs[show])
    for item in page_obj:
        item.light = traffic_light(item, today=today)
    return render(
        request,
        "supervision/unit_queue.html",
        {
            "unit": request.user.unit,
            "tabs": [(key, label, counts[key]) for key, label in UNIT_TABS],
            "show": show,
            "page_obj": page_obj,
            "query": f"show={show}",
            "soon_days": SOON_DAYS,
        },
    )


def _ledger_filter(request):
    today = timezone.localdate()
    return LedgerFilter(request.GET or None, queryset=selectors.ledger_rows(request.user, today=today))


@login_required
@permission_required(VIEW, raise_exception=True)
def ledger(request):
    today = timezone.localdate()
    ledger_filter = _ledger_filter(request)
    page_obj = _page(request, ledger_filter.qs)
    for item in page_obj:
        item.light = traffic_light(item, today=today)
    query = _query_without_page(request)
    return render(
        request,
        "supervision/ledger.html",
        {
            "filter": ledger_filter,
            "page_obj": page_obj,
            "query": query,
            "export_url": f"{reverse('supervision:ledger_export')}{'?' + query if query else ''}",
            "soon_days": SOON_DAYS,
        },
    )


def ledger_headers() -> list[str]:
    return [
        _("Year"),
        _("Topic"),
        _("Review opinion"),
        _("Sent to"),
        _("Responsible unit"),
        _("What is to be put right"),
        _("Deadline"),
        _("State"),
        _("Progress (%)"),
        _("Last progress"),
        _("Overdue"),
    ]


@login_required
@permission_required(VIEW, raise_exception=True)
def ledger_export(request):
    today = timezone.localdate()
    rows = []
    for item in _ledger_filter(request).qs:
        opinion = item.opinion
        rows.append(
            [
                opinion.activity.topic.year,
                opinion.activity.topic.title,
                opinion.title,
                str(opinion.recipient),
                str(item.unit),
                item.description,
                item.deadline,
                item.get_state_display(),
                item.percent,
                item.last_update,
                _("Yes") if traffic_light(item, today=today) == "red" else "",
            ]
        )
    filename = _("rectification-ledger-%(date)s.xlsx") % {"date": today.isoformat()}
    return xlsx_response(filename, [(_("Rectification ledger"), ledger_headers(), rows)])
