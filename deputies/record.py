"""The deputies app's sections of a deputy's duty record (履职档案): levels and posts, trainings attended.

The duty record is assembled through the registry in renda.core.registry: each app registers its
sections from its AppConfig.ready(), and the record page (deputies.views.deputy_record) renders
whatever is registered, so that the deputies app never imports liaison or proposals.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from deputies.models import Level, Mandate, Training
from deputies.selectors import terms_overlapping
from renda.core.registry import DutySection, registry


def levels_section(deputy, *, year: int | None = None) -> DutySection:
    mandates = Mandate.objects.filter(deputy=deputy).select_related("term")
    if year is not None:
        mandates = mandates.filter(term__in=terms_overlapping(year))
    labels = dict(Level.choices)
    order = list(Level.values)
    by_term: dict = {}
    for mandate in mandates:
        by_term.setdefault(mandate.term, []).append(mandate.level)
    terms = [
        {"term": term, "levels": [str(labels[code]) for code in sorted(codes, key=order.index)]}
        for term, codes in sorted(by_term.items(), key=lambda item: -item[0].number)
    ]
    profile = [
        (_("Name"), deputy.name),
        (_("Gender"), deputy.get_gender_display()),
        (_("Ethnicity"), deputy.ethnicity),
        (_("Date of birth"), deputy.birth_date.strftime("%Y-%m") if deputy.birth_date else ""),
        (_("Political affiliation"), deputy.get_party_display()),
        (_("Delegation (township)"), deputy.township.name if deputy.township_id else ""),
        (_("Constituency"), deputy.constituency),
        (_("Workplace and post"), deputy.occupation),
        (_("Status"), deputy.get_status_display()),
    ]
    rows = [[label, value] for label, value in profile]
    rows += [[entry["term"].name, "、".join(entry["levels"])] for entry in terms]
    return DutySection(
        key="deputies.levels",
        title=_("Levels and posts"),
        template="deputies/record/_levels.html",
        context={"deputy": deputy, "profile": profile, "terms": terms},
        headers=[_("Item"), _("Details")],
        rows=rows,
        count=len(terms),
    )


def trainings_section(deputy, *, year: int | None = None) -> DutySection:
    trainings = Training.objects.filter(attendance__deputy=deputy).select_related("term")
    if year is not None:
        trainings = trainings.filter(Q(start_date__year=year) | Q(end_date__year=year))
    trainings = list(trainings.order_by("start_date", "pk").distinct())
    return DutySection(
        key="deputies.trainings",
        title=_("Trainings attended"),
        template="deputies/record/_trainings.html",
        context={"trainings": trainings},
        headers=[
            _("Training"),
            _("Kind"),
            _("Local or away"),
            _("Place"),
            _("Start date"),
            _("End date"),
            _("Organiser"),
        ],
        rows=[
            [
                t.title,
                t.get_kind_display(),
                t.get_where_display(),
                t.place,
                t.start_date,
                t.end_date,
                t.organiser,
            ]
            for t in trainings
        ],
        count=len(trainings),
    )


def register() -> None:
    registry.add_duty_section("deputies.levels", levels_section, order=10)
    registry.add_duty_section("deputies.trainings", trainings_section, order=30)
