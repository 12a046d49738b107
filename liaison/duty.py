"""The liaison sections of a deputy's duty record (履职档案), registered in core's duty-record registry.

Three sections: the deputy's station and point, the reception days they attended, and the opinions
raised at those receptions counted by state. Each is derived from the ledgers, never typed twice.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from liaison.models import Assignment, Opinion, Reception
from renda.core.registry import DutySection


def assignment_section(deputy, *, year=None) -> DutySection:
    assignment = (
        Assignment.objects.select_related("station", "station__township", "point", "point__township")
        .filter(deputy=deputy)
        .first()
    )
    rows = []
    if assignment is not None:
        rows.append(
            [
                assignment.station.name,
                assignment.point.name if assignment.point else "",
                str(assignment.station.township),
            ]
        )
    return DutySection(
        key="liaison.assignment",
        title=_("Liaison station"),
        template="liaison/_duty_assignment.html",
        context={"assignment": assignment},
        headers=[_("Liaison station"), _("Liaison point"), _("Township")],
        rows=rows,
        count=len(rows),
    )


def receptions_section(deputy, *, year=None) -> DutySection:
    receptions = (
        Reception.objects.filter(present=deputy, state=Reception.State.HELD)
        .select_related("station", "point")
        .order_by("-date", "-pk")
    )
    if year:
        receptions = receptions.filter(date__year=year)
    receptions = list(receptions)
    rows = [
        [r.date, r.station.name, r.point.name if r.point else "", r.residents_received] for r in receptions
    ]
    return DutySection(
        key="liaison.receptions",
        title=_("Reception days attended"),
        template="liaison/_duty_receptions.html",
        context={
            "receptions": receptions,
            "residents_total": sum(r.residents_received for r in receptions),
        },
        headers=[_("Date"), _("Liaison station"), _("Liaison point"), _("Residents received")],
        rows=rows,
        count=len(rows),
    )


def opinions_section(deputy, *, year=None) -> DutySection:
    opinions = Opinion.objects.filter(
        reception__in=Reception.objects.filter(present=deputy, state=Reception.State.HELD).values("pk")
    )
    if year:
        opinions = opinions.filter(reception__date__year=year)
    counts = dict(opinions.values("state").annotate(n=Count("pk")).order_by().values_list("state", "n"))
    by_state = [(label, counts.get(value, 0)) for value, label in Opinion.State.choices]
    total = sum(counts.values())
    return DutySection(
        key="liaison.opinions",
        title=_("Opinions raised at receptions attended"),
        template="liaison/_duty_opinions.html",
        context={"by_state": [(str(label), n) for label, n in by_state if n], "total": total},
        headers=[_("State"), _("Opinions")],
        rows=[[str(label), n] for label, n in by_state],
        count=total,
    )


def register() -> None:
    from renda.core.registry import registry

    registry.add_duty_section("liaison.assignment", assignment_section, order=40)
    registry.add_duty_section("liaison.receptions", receptions_section, order=41)
    registry.add_duty_section("liaison.opinions", opinions_section, order=42)
