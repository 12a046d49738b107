"""The deadline calendar with the real 2026 schedule (chinese-calendar) and admin corrections."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from django.utils import timezone, translation

from renda.core.calendar import (
    UNKNOWN_YEAR_WARNING,
    add_months,
    add_working_days,
    calendar_warning,
    deadline_after,
    is_workday,
    next_workday,
    official_calendar_knows,
    working_days_between,
)
from renda.core.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_installed_chinese_calendar_has_the_2026_schedule_these_tests_rely_on():
    # National Day 2026: 1-7 October off, Saturday 10 October a make-up working day.
    assert not any(chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    # Spring Festival 2026: 15-23 February off, Saturdays 14 and 28 February make-up working days.
    assert not any(chinese_calendar.is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert chinese_calendar.is_workday(date(2026, 2, 14))
    assert chinese_calendar.is_workday(date(2026, 2, 28))
    assert official_calendar_knows(2026)
    assert not official_calendar_knows(2027)


@pytest.mark.parametrize("day", range(1, 8))
def test_a_deadline_inside_national_day_rolls_to_8_october(day):
    assert next_workday(date(2026, 10, day)) == date(2026, 10, 8)


def test_a_three_month_reply_deadline_landing_on_national_day_rolls_to_8_october():
    assert deadline_after(date(2026, 7, 1), months=3) == date(2026, 10, 8)


def test_the_make_up_saturday_after_national_day_is_a_working_day():
    assert is_workday(date(2026, 10, 10))
    assert next_workday(date(2026, 10, 10)) == date(2026, 10, 10)
    # The Sunday after it is an ordinary day off.
    assert not is_workday(date(2026, 10, 11))
    assert next_workday(date(2026, 10, 11)) == date(2026, 10, 12)


def test_an_ordinary_weekend_rolls_to_monday():
    assert date(2026, 11, 28).weekday() == 5
    assert next_workday(date(2026, 11, 28)) == date(2026, 11, 30)
    assert next_workday(date(2026, 11, 29)) == date(2026, 11, 30)
    assert deadline_after(date(2026, 10, 29), months=1) == date(2026, 11, 30)


def test_a_working_day_is_its_own_deadline():
    assert next_workday(date(2026, 11, 30)) == date(2026, 11, 30)
    assert deadline_after(date(2026, 8, 31), months=3) == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
    ],
)
def test_calendar_months_clip_to_the_end_of_a_shorter_month(start, months, end):
    assert add_months(start, months) == end


def test_31_january_plus_one_month_is_the_make_up_saturday_28_february():
    # 28 February 2026 is a Saturday but an official make-up working day: no roll.
    assert date(2026, 2, 28).weekday() == 5
    assert deadline_after(date(2026, 1, 31), months=1) == date(2026, 2, 28)


def test_a_deadline_in_the_spring_festival_rolls_past_it():
    # 14 January + 1 month = Saturday 14 February, itself a make-up working day;
    # 15 January + 1 month = Sunday 15 February, first day of the holiday: roll to 24 February.
    assert deadline_after(date(2026, 1, 14), months=1) == date(2026, 2, 14)
    assert deadline_after(date(2026, 1, 15), months=1) == date(2026, 2, 24)


def test_deadline_after_adds_days_after_months():
    assert deadline_after(date(2026, 9, 1), months=1, days=2) == date(2026, 10, 8)


def test_add_working_days_across_national_day():
    # After Wednesday 30 September the next working days are 8, 9 and (make-up) 10 October.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)


def test_add_working_days_across_mid_autumn_and_national_day():
    # Thursday 24 September: 25-27 (Mid-autumn), then 28-30 September; 1-7 October off.
    assert add_working_days(date(2026, 9, 24), 3) == date(2026, 9, 30)
    assert add_working_days(date(2026, 9, 24), 4) == date(2026, 10, 8)


def test_add_zero_working_days_is_the_start_and_negative_is_refused():
    assert add_working_days(date(2026, 10, 3), 0) == date(2026, 10, 3)
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2026, 10, 3), -1)


def test_working_days_between_counts_official_working_days():
    # 1-7 October off; 8, 9, 10 (make-up Saturday) working; 11 Sunday off; 12 working.
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert working_days_between(date(2026, 10, 12), date(2026, 9, 30)) == -4
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 30)) == 0
    # A plain week: Monday 23 to Monday 30 November.
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 5


def test_working_days_between_agrees_with_add_working_days():
    start = date(2026, 9, 20)
    for n in range(0, 25):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_an_unknown_year_falls_back_to_weekends():
    # 2027 is beyond the installed chinese-calendar: Monday-Friday work, weekends off.
    assert is_workday(date(2027, 1, 1))  # a Friday; New Year's Day, but nobody has entered it
    assert not is_workday(date(2027, 1, 2))
    assert next_workday(date(2027, 1, 2)) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)
    # 2026-12-31 is a Thursday; the crossing into the unknown year counts Friday 1 January.
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 8)) == 6


def test_an_admin_holiday_in_an_unknown_year_is_a_day_off():
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, note="元旦")
    assert not is_workday(date(2027, 1, 1))
    assert next_workday(date(2027, 1, 1)) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 8)) == 5


def test_an_admin_workday_on_a_saturday_of_an_unknown_year_counts():
    saturday = date(2027, 2, 20)
    assert saturday.weekday() == 5
    assert not is_workday(saturday)
    CalendarDay.objects.create(date=saturday, kind=CalendarDay.Kind.WORKDAY, note="调休上班")
    assert is_workday(saturday)
    assert next_workday(date(2027, 2, 20)) == saturday
    assert add_working_days(date(2027, 2, 19), 1) == saturday
    assert working_days_between(date(2027, 2, 19), date(2027, 2, 22)) == 2


def test_corrections_override_the_official_calendar_too():
    # An admin closing the office on an official working day, and opening it on a holiday.
    CalendarDay.objects.create(date=date(2026, 10, 8), kind=CalendarDay.Kind.HOLIDAY)
    CalendarDay.objects.create(date=date(2026, 10, 7), kind=CalendarDay.Kind.WORKDAY)
    assert next_workday(date(2026, 10, 1)) == date(2026, 10, 7)
    assert next_workday(date(2026, 10, 8)) == date(2026, 10, 9)


def test_calendar_warning_names_the_unknown_year_until_it_is_entered():
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI), tick=False):
        today = timezone.localdate()
    assert today == date(2026, 11, 30)
    warning = calendar_warning(today=today)
    assert warning is not None
    assert "2027" in warning
    with translation.override("en"):
        assert calendar_warning(today=today) == str(UNKNOWN_YEAR_WARNING) % {"year": 2027}
    with translation.override("zh-hans"):
        assert calendar_warning(today=today) == str(UNKNOWN_YEAR_WARNING) % {"year": 2027}

    CalendarYear.objects.create(year=2027, note="国务院办公厅通知")
    assert calendar_warning(today=today) is None


def test_calendar_warning_is_silent_while_the_horizon_stays_in_a_known_year():
    assert calendar_warning(today=date(2026, 3, 1)) is None
    # Six months from 1 July 2026 is 1 January 2027.
    assert calendar_warning(today=date(2026, 6, 30)) is None
    assert calendar_warning(today=date(2026, 7, 1)) is not None
