"""The deadline calendar: calendar months and official working days (调休 included).

Official days come from chinese-calendar, corrected by the CalendarDay rows an admin enters. A year
chinese-calendar does not know (it stops at its release's last published year) falls back to plain
weekends plus those corrections; `calendar_warning` tells staff when that fallback is in use.
"""

import calendar as pycalendar
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from renda.core.models import CalendarDay, CalendarYear

UNKNOWN_YEAR_WARNING = _(
    "The official holiday schedule for %(year)s has not been entered: deadlines in %(year)s count "
    "only weekends as days off. An administrator should enter that year's holidays and make-up "
    "working days under Reference data → Calendar corrections."
)


@lru_cache(maxsize=64)
def official_calendar_knows(year: int) -> bool:
    """Whether chinese-calendar has the State Council's schedule for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _corrections(start: date, end: date) -> dict[date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


class WorkCalendar:
    """Answers "is this a working day?" for a span of dates with one query for the corrections."""

    def __init__(self, start: date, end: date):
        self.corrections = _corrections(start, end)

    def is_workday(self, day: date) -> bool:
        kind = self.corrections.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.WORKDAY
        if official_calendar_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted), within this span."""
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day


def is_workday(day: date) -> bool:
    return WorkCalendar(day, day).is_workday(day)


def add_months(start: date, months: int) -> date:
    """Calendar months; the 31st plus one month is the last day of a shorter month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, pycalendar.monthrange(year, month)[1])
    return date(year, month, day)


def next_workday(day: date) -> date:
    """`day` itself when it is a working day, else the next one."""
    cal = WorkCalendar(day, day + timedelta(days=60))
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def deadline_after(start: date, *, months: int = 0, days: int = 0) -> date:
    """A deadline `months` calendar months (and `days` days) after `start`, rolled to a working day."""
    return next_workday(add_months(start, months) + timedelta(days=days))


def working_days_calendar(first: date, last: date, n: int) -> WorkCalendar:
    """One calendar (one query of the corrections) on which `n` working days can be added to any day
    from `first` to `last`: it reaches past `last` by twice `n` days, and sixty more for a long run of
    days off, so that every correction such a count can meet is read."""
    if n < 0:
        raise ValueError("n must not be negative")
    return WorkCalendar(first, last + timedelta(days=n * 2 + 60))


def add_working_days(start: date, n: int) -> date:
    """The n-th official working day after `start` (start itself not counted)."""
    return working_days_calendar(start, start, n).add_working_days(start, n)


def working_days_between(start: date, end: date) -> int:
    """Official working days after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    cal = WorkCalendar(start, end)
    return sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + timedelta(days=i)))


def year_is_entered(year: int) -> bool:
    return official_calendar_knows(year) or CalendarYear.objects.filter(year=year).exists()


def calendar_warning(*, today: date, horizon_months: int = 6) -> str | None:
    """A warning for staff when deadlines set now may land in a year with no official schedule."""
    for year in range(today.year, add_months(today, horizon_months).year + 1):
        if not year_is_entered(year):
            return UNKNOWN_YEAR_WARNING % {"year": year}
    return None


def day_label(value: date) -> str:
    """A date as the committee writes it (2026年11月30日 in Chinese)."""
    return date_format(value, "DATE_FORMAT")
