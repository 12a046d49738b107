"""The meetings demo: the current term's meetings of every kind, decisions with tasks, and idempotence."""

import io

import pytest

from dashboard.models import Snapshot
from demo.accounts import load_demo_users
from demo.deputies import load_demo_deputies
from demo.loaders import LOADERS
from demo.meetings import DEMO_TODAY, load_demo_meetings
from demo.reference import load_reference_data
from demo.supervision import load_demo_supervision
from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from renda.core.models import Transition
from supervision.models import Activity
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(roles):
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    load_demo_deputies(out)
    load_demo_supervision(out)
    load_demo_meetings(out)
    return out.getvalue()


def test_the_loader_is_registered_after_supervision():
    names = [name for name, _loader in LOADERS]
    assert names.index("meetings") > names.index("supervision")


def test_the_demo_is_idempotent(demo):
    assert_loading_again_changes_nothing(
        load_demo_meetings,
        Meeting,
        AgendaItem,
        Attendance,
        Minutes,
        Decision,
        FollowUpTask,
        Snapshot,
        Transition.objects.filter(content_type__app_label="meetings"),
    )


def test_every_kind_of_meeting_of_the_current_term(demo):
    kinds = {kind: Meeting.objects.filter(kind=kind).count() for kind in Meeting.Kind.values}
    assert kinds["director"] >= 10 and kinds["standing"] == 6 and kinds["party_group"] == 3
    assert kinds["congress"] == 6
    assert Meeting.objects.filter(state=Meeting.State.PLANNED, date__gt=DEMO_TODAY).exists()


def test_agendas_point_at_work_reports_opinions_and_frozen_figures(demo):
    assert AgendaItem.objects.filter(activity__kind=Activity.Kind.WORK_REPORT).count() >= 3
    assert AgendaItem.objects.filter(review_opinion__isnull=False).exists()
    assert AgendaItem.objects.filter(suggestion_year__isnull=False, snapshot__isnull=False).count() >= 3
    assert AgendaItem.objects.filter(suggestion_session__isnull=False, snapshot__isnull=False).count() == 6
    assert AgendaItem.objects.filter(suggestion_session__isnull=False).count() == 6


def test_minutes_in_every_state(demo):
    assert set(Minutes.objects.values_list("state", flat=True)) == set(Minutes.State.values)


def test_the_named_decisions_and_their_tasks(demo):
    titles = set(Decision.objects.values_list("title", flat=True))
    assert "关于县乡人大和代表带头落实县委脱贫攻坚二年行动计划的决定" in titles
    assert "关于加强生态保护和修复促进高质量发展的决定" in titles
    assert set(Decision.objects.values_list("status", flat=True)) == set(Decision.Status.values)
    for unit in ("县农业农村局", "县交通运输局"):
        tasks = FollowUpTask.objects.filter(unit__name=unit)
        assert tasks.filter(state=FollowUpTask.State.OPEN).exists()
        assert tasks.filter(state=FollowUpTask.State.DONE).exists()
    open_overdue = FollowUpTask.objects.filter(state=FollowUpTask.State.OPEN, due__lt=DEMO_TODAY)
    assert open_overdue.filter(unit__name="县农业农村局").exists()
    for task in FollowUpTask.objects.select_related("decision"):
        assert task.due >= task.decision.adopted_on
