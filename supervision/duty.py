"""The supervision section of a deputy's duty record (履职档案), registered in core's duty-record registry:
the supervision activities (调研, 视察, 执法检查 ...) the deputy took part in."""

from django.utils.translation import gettext as _

from renda.core.registry import DutySection, registry
from supervision.models import Activity


def activities_section(deputy, *, year: int | None = None) -> DutySection:
    activities = Activity.objects.filter(
        pk__in=Activity.deputies.through.objects.filter(deputy=deputy).values("activity_id")
    ).select_related("topic")
    if year:
        activities = activities.filter(date__year=year)
    activities = list(activities.order_by("-date", "-pk"))
    return DutySection(
        key="supervision.activities",
        title=_("Supervision activities joined"),
        template="supervision/_duty_activities.html",
        context={"activities": activities},
        headers=[_("Date"), _("Kind"), _("Topic"), _("Place")],
        rows=[[a.date, a.get_kind_display(), a.topic.title, a.place] for a in activities],
        count=len(activities),
    )


def register() -> None:
    registry.add_duty_section("supervision.activities", activities_section, order=50)
