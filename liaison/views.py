"""Pages of the liaison network: stations and points, assignments, reception days and opinions.

Every view states who may open it. Pages open to several roles use `any_permission`: the user must
hold at least one of the permissions, and the object is then fetched through a selector, so that a
station, reception or opinion outside the user's reach answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deputies.models import Deputy
from liaison import selectors, services
from liaison.filters import OpinionFilter, ReceptionFilter
from liaison.forms import (
    ACTION_FORMS,
    AssignmentForm,
    OpinionForm,
    PointForm,
    ReceptionPlanForm,
    ReceptionRecordForm,
    StationForm,
)
from liaison.models import Assignment, Opinion, Point, Reception, Station
from liaison.workflow import MOVES, RECEPTION_MOVES
from renda.core import params
from renda.core.reminders import reminders_of
from renda.core.viewhelpers import any_permission, saved_or_none
from renda.core.viewhelpers import paginate as _page
from renda.core.viewhelpers import query_without_page as _query_without_page
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, state_label, transitions_of

VIEW = "liaison.view_liaison"
MANAGE = "liaison.manage_liaison"
ROUTE = "liaison.route_opinion"
RECORD_OWN = "liaison.record_own_reception"
AS_DEPUTY = "accounts.act_as_deputy"
AS_UNIT = "accounts.act_as_unit"

RECEPTION_RECORDED = gettext_lazy("The reception has been recorded. Add the opinions residents raised there.")
RECEPTION_CANCELLED = gettext_lazy("The reception has been cancelled.")
OPINION_RECORDED = gettext_lazy("The opinion has been recorded.")
ASSIGNMENT_REMOVED = gettext_lazy("%(deputy)s is no longer assigned to a station.")

# What each move is called on its button and form heading (the workflow labels are past participles).
ACTION_TITLES = {
    "answer": gettext_lazy("Answer on the spot"),
    "refer": gettext_lazy("Refer to the township"),
    "forward": gettext_lazy("Forward to a unit"),
    "propose": gettext_lazy("Turn into a deputy's suggestion"),
    "unit_reply": gettext_lazy("Record the unit's reply"),
    "close": gettext_lazy("Record feedback to the resident and close"),
}


def _form_page(request, form, *, title, cancel_url, submit_label=None, intro=""):
    """The one template of the simple forms; `cancel_url` is a URL or a URL name without arguments."""
    if not cancel_url.startswith("/"):
        cancel_url = reverse(cancel_url)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label or _("Save"),
            "intro": intro,
        },
    )


# Stations and points --------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    year = timezone.localdate().year
    stations = selectors.station_overview(year=year)
    return render(
        request,
        "liaison/index.html",
        {"page_obj": _page(request, stations), "year": year, "query": _query_without_page(request)},
    )


@any_permission(VIEW, AS_DEPUTY)
def station_detail(request, pk):
    station = get_object_or_404(selectors.station_visible_to(request.user), pk=pk)
    assignment = selectors.assignment_of(request.user)
    return render(
        request,
        "liaison/station_detail.html",
        {
            "station": station,
            "points": selectors.points_of(station),
            "groups": selectors.deputies_by_level(selectors.assignments_at(station=station)),
            "receptions": selectors.reception_list(request.user).filter(station=station)[:10],
            "is_own_station": assignment is not None and assignment.station_id == station.pk,
            "can_record_own": assignment is not None
            and assignment.station_id == station.pk
            and request.user.has_perm(RECORD_OWN),
        },
    )


def _point_args(form) -> dict:
    data = dict(form.cleaned_data)
    confirm = data.pop("confirm_other_township", False)
    return {"data": data, "confirm_other_township": confirm}


def _record_args(form) -> dict:
    """What a reception held records, from the record form."""
    return {k: form.cleaned_data[k] for k in ("date", "place", "point", "residents_received", "notes")}


@login_required
@permission_required(MANAGE, raise_exception=True)
def station_create(request):
    form = StationForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.station_create(data=f.cleaned_data, by=request.user),
        done=lambda station: station,
    )
    return response or _form_page(request, form, title=_("New liaison station"), cancel_url="liaison:index")


@login_required
@permission_required(MANAGE, raise_exception=True)
def station_edit(request, pk):
    station = get_object_or_404(Station, pk=pk)
    form = StationForm(request.POST or None, instance=station)
    response = saved_or_none(
        request,
        form,
        lambda f: services.station_update(station=station, data=f.cleaned_data, by=request.user),
        done=lambda saved: station,
    )
    return response or _form_page(
        request, form, title=_("Edit %(name)s") % {"name": station}, cancel_url=station.get_absolute_url()
    )


@any_permission(VIEW, AS_DEPUTY)
def point_detail(request, pk):
    point = get_object_or_404(selectors.point_visible_to(request.user), pk=pk)
    return render(
        request,
        "liaison/point_detail.html",
        {
            "point": point,
            "assignments": selectors.assignments_at(point=point),
            "receptions": selectors.reception_list(request.user).filter(point=point)[:10],
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def point_create(request):
    initial = {}
    station_pk = params.object_id(request.GET, "station")
    station = Station.objects.filter(pk=station_pk).select_related("township").first() if station_pk else None
    if station is not None:
        initial = {"station": station, "township": station.township}
    form = PointForm(request.POST or None, initial=initial)
    response = saved_or_none(
        request,
        form,
        lambda f: services.point_create(**_point_args(f), by=request.user),
        done=lambda point: point,
    )
    cancel = station.get_absolute_url() if station else "liaison:index"
    return response or _form_page(request, form, title=_("New liaison point"), cancel_url=cancel)


@login_required
@permission_required(MANAGE, raise_exception=True)
def point_edit(request, pk):
    point = get_object_or_404(Point, pk=pk)
    form = PointForm(request.POST or None, instance=point)
    response = saved_or_none(
        request,
        form,
        lambda f: services.point_update(point=point, **_point_args(f), by=request.user),
        done=lambda saved: point,
    )
    return response or _form_page(
        request, form, title=_("Edit %(name)s") % {"name": point}, cancel_url=point.get_absolute_url()
    )


# Assignments and coverage ---------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def coverage(request):
    unassigned = selectors.unassigned_deputies()
    return render(
        request,
        "liaison/coverage.html",
        {
            "counts": selectors.coverage_counts(),
            "page_obj": _page(request, unassigned),
            "query": _query_without_page(request),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def assignment_edit(request, deputy_pk=None):
    """Assign a deputy to a station (a new one chosen from the unassigned, or a given one moved)."""
    deputy = get_object_or_404(Deputy, pk=deputy_pk) if deputy_pk else None
    current = Assignment.objects.filter(deputy=deputy).first() if deputy else None
    initial = {"station": current.station_id, "point": current.point_id} if current else {}
    if deputy is None and (station_pk := params.object_id(request.GET, "station")):
        initial["station"] = station_pk
    form = AssignmentForm(request.POST or None, deputy=deputy, initial=initial)
    response = saved_or_none(
        request,
        form,
        lambda f: services.assignment_set(
            deputy=deputy or f.cleaned_data["deputy"],
            station=f.cleaned_data["station"],
            point=f.cleaned_data["point"],
            by=request.user,
        ),
        done=lambda assignment: assignment.station,
    )
    if response is not None:
        return response
    title = _("Assign %(name)s") % {"name": deputy} if deputy else _("Assign a deputy to a station")
    return _form_page(request, form, title=title, cancel_url="liaison:coverage")


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def assignment_remove(request, deputy_pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("deputy", "station"), deputy_id=deputy_pk
    )
    station = assignment.station
    services.assignment_remove(assignment=assignment, by=request.user)
    messages.success(request, ASSIGNMENT_REMOVED % {"deputy": assignment.deputy})
    return redirect(station)


@login_required
@permission_required(AS_DEPUTY, raise_exception=True)
def my_station(request):
    """A deputy's way in: their station's page, or their receptions while they have no station."""
    assignment = selectors.assignment_of(request.user)
    if assignment is None:
        return redirect("liaison:receptions")
    return redirect(assignment.station)


# Reception days -------------------------------------------------------------------------------------


@any_permission(VIEW, AS_DEPUTY)
def reception_list(request):
    filterset = ReceptionFilter(
        request.GET or None,
        queryset=selectors.reception_list(request.user),
        deputy=selectors.deputy_of(request.user),
    )
    receptions = filterset.qs if filterset.is_bound else filterset.queryset
    assignment = selectors.assignment_of(request.user)
    return render(
        request,
        "liaison/reception_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, receptions),
            "query": _query_without_page(request),
            "can_plan": request.user.has_perm(MANAGE),
            "can_record_own": assignment is not None and request.user.has_perm(RECORD_OWN),
        },
    )


@any_permission(VIEW, AS_DEPUTY)
def reception_detail(request, pk):
    reception = get_object_or_404(selectors.reception_visible_to(request.user), pk=pk)
    opinions = selectors.opinion_list(request.user, today=timezone.localdate()).filter(reception=reception)
    return render(
        request,
        "liaison/reception_detail.html",
        {
            "reception": reception,
            **selectors.reception_people(reception),
            "opinions": opinions,
            "can_manage": request.user.has_perm(MANAGE),
            "can_record": selectors.can_record_reception(request.user, reception),
            "can_add_opinion": selectors.can_add_opinion(request.user, reception),
            "history": _history(reception, RECEPTION_MOVES),
        },
    )


def _plan_args(data):
    return {
        "station": data["station"],
        "point": data["point"],
        "date": data["date"],
        "place": data["place"],
        "topic": data["topic"],
        "on_duty": data["on_duty"],
        "announced_at": data["announced_at"],
    }


@login_required
@permission_required(MANAGE, raise_exception=True)
def reception_create(request):
    initial = {}
    station_pk = params.object_id(request.GET, "station")
    station = Station.objects.filter(pk=station_pk).first() if station_pk else None
    if station is not None:
        initial = {"station": station, "place": station.address}
    form = ReceptionPlanForm(request.POST or None, initial=initial)
    response = saved_or_none(
        request,
        form,
        lambda f: services.reception_plan(**_plan_args(f.cleaned_data), by=request.user),
        done=lambda reception: reception,
    )
    return response or _form_page(
        request, form, title=_("Plan a reception day"), cancel_url="liaison:receptions"
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def reception_edit(request, pk):
    reception = get_object_or_404(Reception, pk=pk)
    if reception.state != Reception.State.PLANNED:
        raise Http404
    form = ReceptionPlanForm(request.POST or None, instance=reception)
    response = saved_or_none(
        request,
        form,
        lambda f: services.reception_update_plan(
            reception=reception,
            **_plan_args(f.cleaned_data),
            by=request.user,
            version=f.cleaned_data["version"],
        ),
        done=lambda saved: reception,
        illegal_to=reception,
    )
    return response or _form_page(
        request, form, title=_("Change the reception plan"), cancel_url=reception.get_absolute_url()
    )


@any_permission(MANAGE, RECORD_OWN)
def reception_record(request, pk):
    """Record a planned reception as held (staff: any; a deputy: one at their own station)."""
    reception = get_object_or_404(selectors.reception_visible_to(request.user), pk=pk)
    if not selectors.can_record_reception(request.user, reception):
        raise PermissionDenied
    staff = request.user.has_perm(MANAGE)
    initial = {
        "date": reception.date if reception.date <= timezone.localdate() else timezone.localdate(),
        "place": reception.place,
        "point": reception.point_id,
        "residents_received": reception.residents_received,
        "notes": reception.notes,
    }
    if staff:
        present = list(reception.present.values_list("pk", flat=True))
        initial["present"] = present or list(reception.on_duty.values_list("pk", flat=True))
    form = ReceptionRecordForm(
        request.POST or None,
        station=reception.station,
        with_present=staff,
        reception=reception,
        initial=initial,
    )
    response = saved_or_none(
        request,
        form,
        lambda f: services.reception_record(
            reception=reception,
            **_record_args(f),
            present=f.cleaned_data["present"] if staff else None,
            deputy=None if staff else selectors.deputy_of(request.user),
            by=request.user,
            version=f.cleaned_data["version"],
        ),
        done=lambda saved: saved,
        success=RECEPTION_RECORDED,
        illegal_to=reception,
    )
    return response or _form_page(
        request,
        form,
        title=_("Record the reception of %(date)s as held")
        % {"date": date_format(reception.date, "DATE_FORMAT")},
        cancel_url=reception.get_absolute_url(),
        submit_label=_("Record as held"),
    )


@login_required
@permission_required(RECORD_OWN, raise_exception=True)
def reception_record_own(request):
    """A deputy records from their phone a reception they attended at their own station."""
    assignment = selectors.assignment_of(request.user)
    if assignment is None:
        raise PermissionDenied(services.NOT_ASSIGNED)
    station = assignment.station
    form = ReceptionRecordForm(
        request.POST or None,
        station=station,
        with_present=False,
        initial={
            "date": timezone.localdate(),
            "place": (assignment.point.address if assignment.point else "") or station.address,
            "point": assignment.point_id,
            "residents_received": 0,
        },
    )
    response = saved_or_none(
        request,
        form,
        lambda f: services.reception_record_own(deputy=assignment.deputy, **_record_args(f), by=request.user),
        done=lambda reception: reception,
        success=RECEPTION_RECORDED,
    )
    return response or _form_page(
        request,
        form,
        title=_("Record a reception I attended"),
        cancel_url=station.get_absolute_url(),
        submit_label=_("Record the reception"),
        intro=_("At %(station)s. You are recorded as present.") % {"station": station},
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def reception_cancel(request, pk):
    reception = get_object_or_404(Reception, pk=pk)
    try:
        services.reception_cancel(
            reception=reception,
            note=params.text(request.POST, "note", max_length=params.NOTE_MAX),
            by=request.user,
        )
    except IllegalMove as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, RECEPTION_CANCELLED)
    return redirect(reception)


# Opinions -------------------------------------------------------------------------------------------


@any_permission(MANAGE, RECORD_OWN)
def opinion_create(request, reception_pk):
    reception = get_object_or_404(selectors.reception_visible_to(request.user), pk=reception_pk)
    if reception.state != Reception.State.HELD:
        messages.error(request, services.RECEPTION_NOT_HELD)
        return redirect(reception)
    if not selectors.can_add_opinion(request.user, reception):
        raise PermissionDenied
    form = OpinionForm(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: services.opinion_create(reception=reception, **f.cleaned_data, by=request.user),
        done=lambda opinion: (
            reverse("liaison:opinion_create", kwargs={"reception_pk": reception.pk})
            if "another" in request.POST
            else reception
        ),
        success=OPINION_RECORDED,
    )
    return response or render(
        request,
        "liaison/opinion_form.html",
        {"form": form, "reception": reception},
    )


@any_permission(VIEW, AS_UNIT, AS_DEPUTY)
def opinion_list(request):
    today = timezone.localdate()
    filterset = OpinionFilter(
        request.GET or None, queryset=selectors.opinion_list(request.user, today=today), user=request.user
    )
    opinions = filterset.qs if filterset.is_bound else filterset.queryset
    return render(
        request,
        "liaison/opinion_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, opinions),
            "query": _query_without_page(request),
            "today": today,
        },
    )


def _history(obj, moves):
    return [
        {
            "transition": t,
            "label": moves[t.action].label if t.action in moves else t.action,
            "from": state_label(obj, "state", t.from_state),
            "to": state_label(obj, "state", t.to_state),
        }
        for t in transitions_of(obj)
    ]


def _action_permitted(user, opinion: Opinion, action: str) -> bool:
    """Who may make a move at all; the workflow table then says whether the state allows it."""
    if user.has_perm(ROUTE):
        return True
    return (
        action == "unit_reply"
        and user.has_perm(AS_UNIT)
        and opinion.unit_id is not None
        and opinion.unit_id == user.unit_id
    )


def _render_opinion(request, opinion, *, bound=None, status=200):
    today = timezone.localdate()
    forms = []
    for action in selectors.opinion_actions_for(request.user, opinion):
        form = bound[1] if bound and bound[0] == action else ACTION_FORMS[action](prefix=action)
        forms.append({"action": action, "title": ACTION_TITLES[action], "form": form})
    return render(
        request,
        "liaison/opinion_detail.html",
        {
            "opinion": opinion,
            "is_overdue": opinion.state == Opinion.State.FORWARDED
            and opinion.due_date is not None
            and opinion.due_date < today,
            "show_resident": selectors.can_see_resident(request.user, opinion),
            "history": _history(opinion, MOVES),
            "reminders": reminders_of(opinion),
            "action_forms": forms,
        },
        status=status,
    )


@any_permission(VIEW, AS_UNIT, AS_DEPUTY)
def opinion_detail(request, pk):
    opinion = get_object_or_404(selectors.opinion_visible_to(request.user), pk=pk)
    return _render_opinion(request, opinion)


def _run_action(action, opinion, data, user):
    if action == "answer":
        return services.opinion_answer(opinion=opinion, answer=data["answer"], by=user)
    if action == "refer":
        return services.opinion_refer(opinion=opinion, township=data["township"], note=data["note"], by=user)
    if action == "forward":
        return services.opinion_forward(
            opinion=opinion, unit=data["unit"], due_date=data["due_date"], note=data["note"], by=user
        )
    if action == "propose":
        return services.opinion_propose(opinion=opinion, note=data["note"], by=user)
    if action == "unit_reply":
        return services.opinion_unit_reply(opinion=opinion, reply=data["reply"], by=user)
    return services.opinion_close(
        opinion=opinion, feedback=data["feedback"], feedback_at=data["feedback_at"], by=user
    )


@any_permission(ROUTE, AS_UNIT)
@require_POST
def opinion_act(request, pk, action):
    """One routing move on an opinion, posted from the form shown on its page."""
    opinion = get_object_or_404(selectors.opinion_visible_to(request.user), pk=pk)
    if action not in ACTION_FORMS:
        raise Http404
    if not _action_permitted(request.user, opinion, action):
        raise PermissionDenied
    form = ACTION_FORMS[action](request.POST, prefix=action)
    response = saved_or_none(
        request,
        form,
        lambda f: _run_action(action, opinion, f.cleaned_data, request.user),
        done=lambda saved: opinion,
        illegal_to=opinion,
    )
    if response is not None:
        return response
    opinion.refresh_from_db()
    if action not in selectors.opinion_actions_for(request.user, opinion):
        # The opinion moved on since the form was shown: say so instead of showing a stale form.
        messages.error(
            request,
            ILLEGAL_MOVE
            % {"state": state_label(opinion, "state", opinion.state), "action": MOVES[action].label},
        )
        return redirect(opinion)
    return _render_opinion(request, opinion, bound=(action, form))
