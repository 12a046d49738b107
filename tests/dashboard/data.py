"""A small, hand-counted year of work for the dashboard's tests, and a repeatable bulk of the same shape
for the query-count test and the benchmark."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from deputies.models import Deputy
from liaison.models import Opinion, Reception
from proposals.models import Cosignature, State
from supervision.models import Activity, RectificationItem
from tests.deputies.factories import DeputyFactory, TrainingFactory
from tests.factories import TermFactory, UnitFactory
from tests.liaison.factories import OpinionFactory as ResidentOpinionFactory
from tests.liaison.factories import ReceptionFactory, StationFactory
from tests.proposals.factories import ConsultationFactory, SuggestionFactory
from tests.publicity.factories import ArticleFactory, ColumnFactory
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory

TODAY = date(2026, 11, 30)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Year:
    term: object
    unit: object
    unit2: object
    station: object
    station2: object
    deputies: list


def _assigned(**kwargs):
    defaults = {"assigned": True, "reply_due": date(2026, 6, 2)}
    return SuggestionFactory(**{**defaults, **kwargs})


def build_small_year() -> Year:
    """The data the figures of tests/dashboard/test_figures.py are counted from (by hand)."""
    term = TermFactory(number=16, name="第十六届", is_current=True)
    unit = UnitFactory(name="县农业农村局")
    unit2 = UnitFactory(name="县交通运输局")
    d1, d2, d3 = (DeputyFactory(name=name) for name in ("测甲", "测乙", "测丙"))
    DeputyFactory(name="测丁", status=Deputy.Status.RESIGNED, status_date=date(2026, 5, 1))

    # Suggestions of 2026: received 5 (the draft does not count), assigned 4, replied 2 (s1, s2).
    s1 = _assigned(
        lead_deputy=d1,
        lead_unit=unit,
        state=State.EVALUATED,
        replied_at=date(2026, 5, 20),  # on time
        outcome="A",
        satisfaction="satisfied",
    )
    ConsultationFactory(suggestion=s1)
    _assigned(lead_deputy=d1, lead_unit=unit2, state=State.REPLIED, replied_at=date(2026, 6, 10), outcome="B")
    _assigned(lead_deputy=d1, lead_unit=unit2, state=State.IN_PROGRESS)  # overdue since 2 June
    s4 = _assigned(
        lead_deputy=d1,
        lead_unit=unit,
        state=State.REHANDLING,
        rehandling_rounds=1,
        replied_at=date(2026, 5, 1),
        reply_due=date(2026, 12, 20),
        outcome="C",
        satisfaction="unsatisfied",
    )
    ConsultationFactory(suggestion=s4)
    s5 = SuggestionFactory(lead_deputy=d1, state=State.SUBMITTED)
    Cosignature.objects.create(suggestion=s5, deputy=d2, state=Cosignature.State.CONFIRMED)
    SuggestionFactory(lead_deputy=d3, state=State.DRAFT)
    # 2025: one, replied on time and rated satisfied.
    _assigned(
        lead_deputy=d1,
        lead_unit=unit,
        year=2025,
        assigned_at=date(2025, 3, 1),
        reply_due=date(2025, 6, 3),
        state=State.CLOSED,
        replied_at=date(2025, 5, 1),
        outcome="A",
        satisfaction="basically",
    )

    # Supervision of 2026: two activities, one opinion, three items (one overdue, of unit).
    activity = ActivityFactory(kind=Activity.Kind.WORK_REPORT, deputies=[d3])
    ActivityFactory(topic=activity.topic, kind=Activity.Kind.SURVEY, date=date(2026, 4, 1))
    opinion = OpinionFactory(activity=activity, sent=True)
    ItemFactory(opinion=opinion, unit=unit, deadline=date(2026, 10, 1))
    ItemFactory(opinion=opinion, unit=unit2, deadline=date(2026, 9, 1), state=RectificationItem.State.DONE)
    ItemFactory(opinion=opinion, unit=unit, state=RectificationItem.State.IN_PROGRESS)
    ActivityFactory(topic=TopicFactory(year=2025), date=date(2025, 5, 1), deputies=[d2])

    # Liaison: station 1 held two reception days in 2026 (a planned one and one of 2025 do not
    # count), with three opinions, one closed with feedback; station 2 had none.
    station, station2 = StationFactory(name="测试一号联络站"), StationFactory(name="测试二号联络站")
    held = ReceptionFactory(station=station, date=date(2026, 3, 10))
    ReceptionFactory(station=station, date=date(2026, 9, 10))
    ReceptionFactory(station=station, date=date(2026, 12, 10), state=Reception.State.PLANNED)
    old = ReceptionFactory(station=station, date=date(2025, 9, 10))
    ResidentOpinionFactory(reception=held, state=Opinion.State.CLOSED, feedback="已答复", feedback_at=TODAY)
    ResidentOpinionFactory(reception=held)
    ResidentOpinionFactory(reception=held)
    ResidentOpinionFactory(reception=old, state=Opinion.State.CLOSED)

    # Trainings: d3 in 2026; d2 only in 2025.
    TrainingFactory(attendees=[d3])
    TrainingFactory(start_date=date(2025, 4, 1), end_date=date(2025, 4, 2), attendees=[d2])

    # Publicity: two articles in March, one in November; a draft and one of 2025 do not count.
    column = ColumnFactory()
    for day in (datetime(2026, 3, 5, 9), datetime(2026, 3, 31, 23, 30), datetime(2026, 11, 2, 10)):
        ArticleFactory(column=column, published=True, published_at=day.replace(tzinfo=SHANGHAI))
    ArticleFactory(column=column)
    ArticleFactory(column=column, published=True, published_at=datetime(2025, 12, 31, 9, tzinfo=SHANGHAI))
    return Year(term=term, unit=unit, unit2=unit2, station=station, station2=station2, deputies=[d1, d2, d3])


def build_bulk(scale: int, *, tag: str = "") -> None:
    """`scale` times a mixed year: suggestions in every shape, activities, items, receptions, opinions,
    deputies taking part and articles, over a handful of units and stations."""
    TermFactory(number=16, name="第十六届", is_current=True)
    units = [UnitFactory(name=f"县批量局{tag}{i}") for i in range(3)]
    stations = [StationFactory(name=f"批量{tag}{i}号联络站") for i in range(2)]
    column = ColumnFactory()
    topic = TopicFactory(year=2026)
    for n in range(scale):
        unit = units[n % len(units)]
        deputy = DeputyFactory()
        s = _assigned(lead_deputy=deputy, lead_unit=unit, state=State.REPLIED, replied_at=date(2026, 5, 1))
        ConsultationFactory(suggestion=s)
        _assigned(lead_deputy=deputy, lead_unit=unit, state=State.IN_PROGRESS)
        SuggestionFactory(lead_deputy=deputy, year=2025)
        activity = ActivityFactory(topic=topic, deputies=[deputy])
        opinion = OpinionFactory(activity=activity, sent=True)
        ItemFactory(opinion=opinion, unit=unit, deadline=date(2026, 10, 1))
        reception = ReceptionFactory(station=stations[n % len(stations)], date=date(2026, 1 + n % 11, 10))
        ResidentOpinionFactory(reception=reception, state=Opinion.State.CLOSED)
        TrainingFactory(attendees=[deputy])
        ArticleFactory(
            column=column,
            published=True,
            published_at=datetime(2026, 1 + n % 11, 5, 9, tzinfo=SHANGHAI),
        )
