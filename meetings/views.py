"""Pages of meetings: the list, a meeting with its agenda, attendance, outcomes and minutes, the printable
papers pack and minutes, the decisions register with follow-up tasks, the unit's tasks and the
deputies' page of congress sessions and published decisions.

Every view states who may open it. Pages open to several roles use `any_permission`, then fetch the
object through a selector, so that a meeting, decision or task outside the user's reach answers 404
like a missing one. Writes go through meetings.services.
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
from django.views.decorators.http import require_POST

from meetings import selectors, services
from meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionFilterForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    OutcomesForm,
    SendBackForm,
    TaskForm,
    TaskReportForm,
)
from meetings.models import AgendaItem, Decision, FollowUpTask, Meeting, Minutes
from meetings.workflow import (
    APPROVE_MINUTES,
    AS_DEPUTY,
    AS_UNIT,
    DECISION_MOVES,
    MANAGE,
    MEETING_MOVES,
    MINUTES_MOVES,
    MINUTES_PERMISSIONS,
    TASK_MOVES,
    VIEW,
)
from renda.core import params
from renda.core.models import Term
from renda.core.viewhelpers import (
    SAVED,
    add_service_errors,
    any_permission,
    file_response,
    paginate,
    query_without_page,
    saved_or_none,
)
from renda.core.workflow import IllegalMove, allowed_actions

NOT_LINKED = gettext_lazy("Your account is not linked to a unit yet. Ask the committee office to link it.")
MEETING_ACTION_DONE = {
    "hold": gettext_lazy("The meeting is marked held."),
    "cancel": gettext_lazy("The meeting is cancelled."),
    "reopen": gettext_lazy("The meeting is being prepared again."),
}
MINUTES_ACTION_DONE = {
    "approve": gettext_lazy("The minutes are approved."),
    "return": gettext_lazy("The minutes are returned for redrafting."),
    "archive": gettext_lazy("The minutes are archived."),
}
FIGURES_TAKEN = gettext_lazy("The figures are taken and frozen for the papers.")
TASK_REPORTED = gettext_lazy("Your report is sent; the committee's staff will check it.")
TASK_ACCEPTED = gettext_lazy("The task is done.")
TASK_SENT_BACK = gettext_lazy("The task is sent back to the unit.")


def _form_page(request, form, *, title, cancel_url, crumbs=(), intro="", submit_label=None):
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "intro": intro,
            "submit_label": submit_label or _("Save"),
        },
    )


def _meetings_crumbs(meeting=None):
    crumbs = [(_("Meetings"), reverse("meetings:index"))]
    if meeting is not None:
        crumbs.append((meeting.display_title, meeting.get_absolute_url()))
    return crumbs


def _service_error(request, exc) -> None:
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


# Meetings -------------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    form = MeetingFilterForm(request.GET or None, years=selectors.meeting_years())
    filters = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.meeting_list(
        request.user,
        kind=filters.get("kind") or "",
        term=filters.get("term"),
        year=filters.get("year"),
    )
    return render(
        request,
        "meetings/index.html",
        {
            "filter_form": form,
            "page_obj": paginate(request, meetings),
            "query": query_without_page(request),
            "can_manage": request.user.has_perm(MANAGE),
            "tab": "meetings",
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def meeting_create(request):
    if request.method == "POST":
        form = MeetingForm(request.POST)
    else:
        kind = params.choice(request.GET, "kind", Meeting.Kind.values, default=Meeting.Kind.DIRECTOR)
        term = Term.objects.filter(is_current=True).first()
        form = MeetingForm(
            initial={
                "kind": kind,
                "term": term,
                "number": services.next_number(kind=kind, term=term),
                "date": timezone.localdate(),
                "place": _("Meeting room of the standing committee"),
            }
        )
    response = saved_or_none(
        request,
        form,
        lambda f: services.meeting_create(data=f.cleaned_data, by=request.user),
        done=lambda meeting: meeting,
    )
    if response is not None:
        return response
    numbers = {
        kind: services.next_number(kind=kind, term=form.initial.get("term")) for kind in Meeting.Kind.values
    }
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "title": _("New meeting"),
            "cancel_url": reverse("meetings:index"),
            "crumbs": _meetings_crumbs(),
            "next_numbers": numbers,
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    response = saved_or_none(
        request,
        form,
        lambda f: services.meeting_update(meeting=meeting, data=f.cleaned_data, by=request.user),
        done=lambda saved: saved,
    )
    if response is not None:
        return response
    meeting.refresh_from_db()
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "title": _("Edit the meeting"),
            "cancel_url": meeting.get_absolute_url(),
            "crumbs": _meetings_crumbs(meeting),
            "next_numbers": {},
        },
    )


def _meeting_context(request, meeting):
    user = request.user
    items = selectors.agenda_of(meeting)
    rows = list(meeting.attendance.all())
    minutes = Minutes.objects.filter(meeting=meeting).select_related("drafted_by", "approved_by").first()
    can_manage = user.has_perm(MANAGE)
    return {
        "meeting": meeting,
        "items": items,
        "attendance": rows,
        "summary": selectors.attendance_summary(meeting, rows),
        "minutes": minutes,
        "decisions": list(selectors.decisions_visible_to(user).filter(meeting=meeting)),
        "can_manage": can_manage,
        "can_approve": user.has_perm(APPROVE_MINUTES),
        "sees_all": selectors.sees_all(user),
        "editable": can_manage and meeting.state != Meeting.State.CANCELLED,
        "meeting_actions": allowed_actions(meeting, MEETING_MOVES) if can_manage else [],
        "minutes_actions": [
            a
            for a in (allowed_actions(minutes, MINUTES_MOVES) if minutes else [])
            if user.has_perm(MINUTES_PERMISSIONS[a])
        ],
        "figures_partial": selectors.has_figures_partial(),
        "outcomes_form": OutcomesForm(items=items)
        if can_manage and meeting.state == Meeting.State.HELD
        else None,
    }


@any_permission(VIEW, AS_DEPUTY)
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    context = _meeting_context(request, meeting)
    context["crumbs"] = (
        _meetings_crumbs() if context["sees_all"] else [(_("Congress"), reverse("meetings:congress"))]
    )
    context["timeline"] = selectors.timeline(meeting, MEETING_MOVES) if context["sees_all"] else []
    return render(request, "meetings/meeting_detail.html", context)


@any_permission(VIEW, AS_DEPUTY)
def papers(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    context = _meeting_context(request, meeting)
    context["crumbs"] = _meetings_crumbs(meeting)
    return render(request, "meetings/papers.html", context)


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def meeting_act(request, pk, action):
    meeting = get_object_or_404(Meeting, pk=pk)
    if action not in MEETING_MOVES:
        raise Http404
    try:
        services.meeting_transition(meeting=meeting, action=action, by=request.user)
    except (ValidationError, IllegalMove) as exc:
        _service_error(request, exc)
    else:
        messages.success(request, MEETING_ACTION_DONE[action])
    return redirect(meeting)


# Agenda ---------------------------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    initial = {}
    if request.GET.get("suggestions"):
        initial = {
            "title": _("Report on the handling of deputies' suggestions"),
            "suggestion_year": meeting.date.year,
        }
    form = AgendaItemForm(request.POST or None, request.FILES or None, initial=initial)
    response = saved_or_none(
        request,
        form,
        lambda f: services.agenda_item_create(
            meeting=meeting, data=f.cleaned_data, by=request.user, upload=f.cleaned_data.get("upload")
        ),
        done=lambda item: f"{meeting.get_absolute_url()}#agenda",
    )
    return response or _item_form_page(request, form, title=_("New agenda item"), meeting=meeting)


def _item_form_page(request, form, *, title, meeting, item=None):
    return render(
        request,
        "meetings/item_form.html",
        {
            "form": form,
            "title": title,
            "item": item,
            "cancel_url": meeting.get_absolute_url(),
            "crumbs": _meetings_crumbs(meeting),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__term"), pk=pk)
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=item)
    response = saved_or_none(
        request,
        form,
        lambda f: services.agenda_item_update(
            item=item, data=f.cleaned_data, by=request.user, upload=f.cleaned_data.get("upload")
        ),
        done=lambda saved: f"{item.meeting.get_absolute_url()}#agenda",
    )
    if response is not None:
        return response
    item.refresh_from_db()
    return _item_form_page(request, form, title=_("Edit the agenda item"), meeting=item.meeting, item=item)


@any_permission(VIEW, AS_DEPUTY)
def item_document(request, pk):
    """The document of an agenda item, for whoever may see its meeting."""
    meetings = selectors.meetings_visible_to(request.user)
    item = get_object_or_404(AgendaItem.objects.filter(meeting__in=meetings).exclude(document=""), pk=pk)
    return file_response(item.document, filename=item.document_name or "document")


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def item_move(request, pk, direction):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.agenda_item_move(item=item, direction=direction, by=request.user)
    except ValidationError as exc:
        _service_error(request, exc)
    return redirect(f"{item.meeting.get_absolute_url()}#agenda")


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def item_delete(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    meeting = item.meeting
    try:
        services.agenda_item_delete(item=item, by=request.user)
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, _("The agenda item is removed."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def item_figures(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.agenda_item_take_figures(item=item, by=request.user)
    except ValidationError as exc:
        _service_error(request, exc)
    else:
        messages.success(request, FIGURES_TAKEN)
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def outcomes(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = OutcomesForm(request.POST, items=meeting.items.order_by("order", "pk"))
    if form.is_valid():
        try:
            services.outcomes_record(meeting=meeting, outcomes=form.outcomes(), by=request.user)
        except ValidationError as exc:
            _service_error(request, exc)
        else:
            messages.success(request, SAVED)
    else:
        messages.error(request, services.OUTCOME_UNKNOWN)
    return redirect(f"{meeting.get_absolute_url()}#agenda")


# Attendance -----------------------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
    else:
        form = AttendanceForm(initial={"rows": selectors.attendance_as_text(list(meeting.attendance.all()))})
    response = saved_or_none(
        request,
        form,
        lambda f: services.attendance_replace(meeting=meeting, rows=f.cleaned_data["rows"], by=request.user),
        done=lambda rows: f"{meeting.get_absolute_url()}#attendance",
    )
    return response or _form_page(
        request,
        form,
        title=_("Attendance list"),
        intro=_("%(meeting)s has %(membership)s members.")
        % {
            "meeting": meeting.display_title,
            "membership": meeting.membership,
        },
        cancel_url=meeting.get_absolute_url(),
        crumbs=_meetings_crumbs(meeting),
    )


# Minutes --------------------------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def minutes_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    form = MinutesForm(request.POST or None, instance=minutes)
    response = saved_or_none(
        request,
        form,
        lambda f: services.minutes_save(meeting=meeting, data=f.cleaned_data, by=request.user),
        done=lambda saved: f"{meeting.get_absolute_url()}#minutes",
    )
    return response or _form_page(
        request,
        form,
        title=_("Minutes"),
        cancel_url=meeting.get_absolute_url(),
        crumbs=_meetings_crumbs(meeting),
    )


@any_permission(VIEW)
def minutes_print(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    minutes = get_object_or_404(Minutes.objects.select_related("drafted_by", "approved_by"), meeting=meeting)
    return render(
        request,
        "meetings/minutes_print.html",
        {"meeting": meeting, "minutes": minutes, "crumbs": _meetings_crumbs(meeting)},
    )


@require_POST
@any_permission(MANAGE, APPROVE_MINUTES)
def minutes_act(request, pk, action):
    meeting = get_object_or_404(Meeting, pk=pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    if action not in MINUTES_MOVES:
        raise Http404
    if not request.user.has_perm(MINUTES_PERMISSIONS[action]):
        raise PermissionDenied
    try:
        services.minutes_transition(
            minutes=minutes,
            action=action,
            by=request.user,
            note=params.text(request.POST, "note", max_length=params.NOTE_MAX),
        )
    except (ValidationError, IllegalMove) as exc:
        _service_error(request, exc)
    else:
        messages.success(request, MINUTES_ACTION_DONE[action])
    return redirect(f"{meeting.get_absolute_url()}#minutes")


# Decisions ------------------------------------------------------------------------------------------


@any_permission(VIEW, AS_DEPUTY, AS_UNIT)
def decision_list(request):
    form = DecisionFilterForm(request.GET or None, years=selectors.decision_years())
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.decision_list(
        request.user,
        status=filters.get("status") or "",
        year=filters.get("year"),
        keyword=filters.get("q") or "",
    )
    return render(
        request,
        "meetings/decision_list.html",
        {
            "filter_form": form,
            "page_obj": paginate(request, decisions),
            "query": query_without_page(request),
            "sees_all": selectors.sees_all(request.user),
            "tab": "decisions",
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def decision_create(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("term"), pk=pk)
    initial = {"adopted_on": meeting.date}
    item_pk = params.object_id(request.GET, "item")
    if item_pk:
        item = meeting.items.filter(pk=item_pk).first()
        if item is not None:
            initial.update({"agenda_item": item, "title": item.document_title or item.title})
    form = DecisionForm(request.POST or None, meeting=meeting, initial=initial)
    response = saved_or_none(
        request,
        form,
        lambda f: services.decision_create(meeting=meeting, data=f.cleaned_data, by=request.user),
        done=lambda decision: decision,
    )
    return response or _form_page(
        request,
        form,
        title=_("Adopt a decision"),
        cancel_url=meeting.get_absolute_url(),
        crumbs=_meetings_crumbs(meeting),
    )


def _decision_crumbs(user, decision=None):
    if selectors.sees_all(user) or selectors.is_deputy(user):
        crumbs = [(_("Decisions"), reverse("meetings:decision_list"))]
    else:
        crumbs = [(_("Follow-up tasks"), reverse("meetings:task_list"))]
    if decision is not None:
        crumbs.append((decision.title, decision.get_absolute_url()))
    return crumbs


@any_permission(VIEW, AS_DEPUTY, AS_UNIT)
def decision_detail(request, pk):
    user = request.user
    decision = get_object_or_404(selectors.decisions_visible_to(user), pk=pk)
    can_manage = user.has_perm(MANAGE)
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "tasks": list(selectors.tasks_of_decision(user, decision)),
            "can_manage": can_manage,
            "sees_all": selectors.sees_all(user),
            "status_actions": allowed_actions(decision, DECISION_MOVES, state_field="status")
            if can_manage
            else [],
            "timeline": selectors.timeline(decision, DECISION_MOVES, "status")
            if selectors.sees_all(user)
            else [],
            "crumbs": _decision_crumbs(user),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def decision_edit(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting__term"), pk=pk)
    form = DecisionForm(request.POST or None, instance=decision, meeting=decision.meeting)
    response = saved_or_none(
        request,
        form,
        lambda f: services.decision_update(decision=decision, data=f.cleaned_data, by=request.user),
        done=lambda saved: saved,
    )
    if response is not None:
        return response
    decision.refresh_from_db()
    return _form_page(
        request,
        form,
        title=_("Edit the decision"),
        cancel_url=decision.get_absolute_url(),
        crumbs=_decision_crumbs(request.user, decision),
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def decision_status(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    form = DecisionStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_change_status(
                decision=decision,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IllegalMove as exc:
            form.add_error("action", str(exc.message))
        else:
            messages.success(request, SAVED)
            return redirect(decision)
    return _form_page(
        request,
        form,
        title=_("Amend or repeal"),
        cancel_url=decision.get_absolute_url(),
        crumbs=_decision_crumbs(request.user, decision),
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def decision_publish(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    publish = request.POST.get("publish") == "1"
    services.decision_publish(decision=decision, publish=publish, by=request.user)
    messages.success(
        request,
        _("The decision is published.") if publish else _("The decision is withdrawn from publication."),
    )
    return redirect(decision)


# Follow-up tasks ------------------------------------------------------------------------------------


@login_required
@permission_required(MANAGE, raise_exception=True)
def task_create(request, pk):
    decision = get_object_or_404(Decision, pk=pk)
    form = TaskForm(request.POST or None, initial={"due": decision.adopted_on})
    response = saved_or_none(
        request,
        form,
        lambda f: services.task_create(decision=decision, data=f.cleaned_data, by=request.user),
        done=lambda task: f"{decision.get_absolute_url()}#tasks",
    )
    return response or _form_page(
        request,
        form,
        title=_("New follow-up task"),
        intro=decision.title,
        cancel_url=decision.get_absolute_url(),
        crumbs=_decision_crumbs(request.user, decision),
    )


@any_permission(VIEW, AS_UNIT)
def task_list(request):
    user = request.user
    today = timezone.localdate()
    sees_all = selectors.sees_all(user)
    if not sees_all and selectors.unit_of(user) is None:
        messages.warning(request, NOT_LINKED)
    show = params.choice(request.GET, "show", ("open", "reported", "done", "overdue", "all"), default="open")
    state = show if show in FollowUpTask.State.values else ""
    tasks = selectors.task_list(user, state=state, overdue=show == "overdue", today=today)
    tabs = [
        ("open", _("Open")),
        ("overdue", _("Overdue")),
        ("reported", _("Reported")),
        ("done", _("Done")),
        ("all", _("All")),
    ]
    return render(
        request,
        "meetings/task_list.html",
        {
            "page_obj": paginate(request, tasks),
            "query": query_without_page(request),
            "show": show,
            "tabs": tabs,
            "today": today,
            "sees_all": sees_all,
            "tab": "tasks",
        },
    )


@any_permission(VIEW, AS_UNIT)
def task_detail(request, pk):
    user = request.user
    task = get_object_or_404(
        selectors.tasks_visible_to(user).select_related("decision__meeting__term"), pk=pk
    )
    is_unit = selectors.unit_of(user) == task.unit_id
    report_form = None
    if is_unit and task.state == FollowUpTask.State.OPEN:
        report_form = TaskReportForm(request.POST or None)
        if request.method == "POST" and report_form.is_valid():
            try:
                services.task_report(task=task, report=report_form.cleaned_data["report"], by=user)
            except ValidationError as exc:
                add_service_errors(report_form, exc)
            except IllegalMove as exc:
                report_form.add_error(None, str(exc.message))
            else:
                messages.success(request, TASK_REPORTED)
                return redirect("meetings:task_detail", pk=task.pk)
    elif request.method == "POST":
        raise PermissionDenied
    can_manage = user.has_perm(MANAGE)
    return render(
        request,
        "meetings/task_detail.html",
        {
            "task": task,
            "report_form": report_form,
            "can_manage": can_manage,
            "send_back_form": SendBackForm()
            if can_manage and task.state == FollowUpTask.State.REPORTED
            else None,
            "timeline": selectors.timeline(task, TASK_MOVES),
            "today": timezone.localdate(),
            "crumbs": _decision_crumbs(user, task.decision),
        },
    )


@require_POST
@login_required
@permission_required(MANAGE, raise_exception=True)
def task_accept(request, pk):
    task = get_object_or_404(FollowUpTask, pk=pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.task_accept(task=task, by=request.user, note=form.cleaned_data.get("note", ""))
    except IllegalMove as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, TASK_ACCEPTED)
    return redirect("meetings:task_detail", pk=task.pk)


@login_required
@permission_required(MANAGE, raise_exception=True)
def task_send_back(request, pk):
    task = get_object_or_404(FollowUpTask.objects.select_related("decision"), pk=pk)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_send_back(task=task, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IllegalMove as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, TASK_SENT_BACK)
            return redirect("meetings:task_detail", pk=task.pk)
    return _form_page(
        request,
        form,
        title=_("Send the report back"),
        intro=task.description,
        cancel_url=reverse("meetings:task_detail", args=[task.pk]),
        crumbs=_decision_crumbs(request.user, task.decision),
    )


# Deputies -------------------------------------------------------------------------------------------


@any_permission(VIEW, AS_DEPUTY)
def congress(request):
    """The sessions of the people's congress and the published decisions, read only."""
    user = request.user
    meetings = selectors.meeting_list(user, kind=Meeting.Kind.CONGRESS)
    decisions = (
        selectors.decisions_visible_to(user).filter(is_published=True).order_by("-adopted_on", "-pk")[:10]
    )
    return render(
        request,
        "meetings/congress.html",
        {
            "page_obj": paginate(request, meetings),
            "query": query_without_page(request),
            "decisions": decisions,
        },
    )
