"""factory_boy factories of meetings: meetings, agenda items, minutes, decisions, follow-up tasks and
major-matter reports."""

from datetime import date

import factory

from meetings.models import AgendaItem, Decision, FollowUpTask, MajorReport, Meeting, Minutes
from tests.factories import IndexedFactory, TermFactory, UnitFactory, UserFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A director meeting of the current term; state fields are set directly (services are tested apart)."""

    kind = Meeting.Kind.DIRECTOR
    term = factory.SubFactory(TermFactory, number=16, name="第十六届", is_current=True)
    number = factory.Sequence(lambda n: n + 1)
    date = date(2026, 11, 20)
    place = "县人大常委会会议室"
    membership = 6
    state = Meeting.State.PLANNED
    prepared_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Meeting


class AgendaItemFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"研究议题{n}")

    class Meta:
        model = AgendaItem


class MinutesFactory(factory.django.DjangoModelFactory):
    """A draft of the minutes of a held meeting."""

    meeting = factory.SubFactory(MeetingFactory, state=Meeting.State.HELD)
    body = "会议研究了全县人大工作会议筹备事宜。"
    drafted_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Minutes


class DecisionFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory, state=Meeting.State.HELD)
    title = factory.Sequence(lambda n: f"关于加强生态保护和修复的决定{n}")
    adopted_on = factory.LazyAttribute(lambda o: o.meeting.date)
    text = "一、坚持生态优先。\n二、加强修复。"

    class Meta:
        model = Decision


class TaskFactory(IndexedFactory):
    decision = factory.SubFactory(DecisionFactory)
    unit = factory.SubFactory(UnitFactory)
    description = factory.Sequence(lambda n: f"报告落实情况{n}")
    due = date(2026, 12, 31)

    class Meta:
        model = FollowUpTask


class MajorReportFactory(factory.django.DjangoModelFactory):
    kind = MajorReport.Kind.REQUEST
    subject = factory.Sequence(lambda n: f"关于召开全县人大工作会议的请示{n}")
    sent_on = date(2026, 1, 5)

    class Meta:
        model = MajorReport
