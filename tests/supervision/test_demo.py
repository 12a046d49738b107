"""The supervision demo: every state and kind, the demo accounts' share, overdue items, and idempotence."""

import io
import time
from collections import Counter

import pytest
from django.db.models import F

from demo.accounts import load_demo_users
from demo.deputies import load_demo_deputies
from demo.loaders import LOADERS
from demo.reference import load_reference_data
from demo.supervision import DEMO_TODAY, load_demo_supervision
from renda.core.models import Transition
from supervision.models import Activity, ProgressUpdate, RectificationItem, ReviewOpinion, Topic
from supervision.workflow import OPEN_ITEM_STATES, unsatisfied_majority
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(roles):
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    load_demo_deputies(out)
    started = time.monotonic()
    load_demo_supervision(out)
    return {"seconds": time.monotonic() - started, "out": out.getvalue()}


def test_the_loader_is_registered():
    assert "supervision" in [name for name, _loader in LOADERS]


def test_the_demo_is_quick_and_idempotent(demo):
    assert demo["seconds"] < 5
    before = assert_loading_again_changes_nothing(
        load_demo_supervision,
        Topic,
        Activity,
        ReviewOpinion,
        RectificationItem,
        ProgressUpdate,
        Activity.deputies.through,
        transitions=Transition.objects.filter(content_type__app_label="supervision"),
    )
    assert before["supervision.Topic"] >= 12


def test_topics_cover_three_years_and_every_kind_of_activity(demo):
    assert set(Topic.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert set(Activity.objects.values_list("kind", flat=True)) == set(Activity.Kind.values)
    assert set(Topic.objects.values_list("lead_committee__kind", flat=True)) == {"committee_body"}


def test_the_demo_deputy_took_part_in_several_activities(demo):
    joined = Activity.objects.filter(deputies__user__username="deputy").count()
    assert joined >= 5
    assert Activity.objects.filter(deputies__user__username="deputy2").exists()


def test_opinions_in_every_state_mostly_to_the_government(demo):
    states = Counter(ReviewOpinion.objects.values_list("state", flat=True))
    assert set(states) == set(ReviewOpinion.State.values)
    recipients = Counter(ReviewOpinion.objects.values_list("recipient__name", flat=True))
    assert recipients.most_common(1)[0][0] == "吉县人民政府"
    assert {"吉县人民法院", "吉县人民检察院"} <= set(recipients)
    assert ReviewOpinion.objects.filter(published_at__isnull=False, state="closed").count() >= 3
    again = ReviewOpinion.objects.get(state=ReviewOpinion.State.RECTIFYING_AGAIN)
    assert again.round == 2
    assert unsatisfied_majority(
        satisfied=again.votes_satisfied, basically=again.votes_basically, unsatisfied=again.votes_unsatisfied
    )
    for opinion in ReviewOpinion.objects.exclude(state__in=["draft", "approved"]):
        assert opinion.sent_on and opinion.report_due


@pytest.mark.parametrize("unit", ["县农业农村局", "县交通运输局"])
def test_the_demo_units_hold_items_in_every_state(demo, unit):
    states = set(RectificationItem.objects.filter(unit__name=unit).values_list("state", flat=True))
    assert states == set(RectificationItem.State.values)


def test_some_items_are_overdue_and_some_seriously(demo):
    open_items = RectificationItem.objects.filter(state__in=OPEN_ITEM_STATES, opinion__sent_on__isnull=False)
    late = [(DEMO_TODAY - i.deadline).days for i in open_items if i.deadline < DEMO_TODAY]
    assert len(late) >= 4
    assert len([d for d in late if d > 30]) >= 2
    assert RectificationItem.objects.filter(extension_deadline__isnull=False).exists()
    for item in RectificationItem.objects.select_related("opinion"):
        if item.opinion.sent_on:
            assert item.deadline >= item.opinion.sent_on


def test_every_state_was_reached_through_recorded_moves(demo):
    for item in RectificationItem.objects.exclude(state="not_started"):
        moves = Transition.objects.filter(content_type__model="rectificationitem", object_id=item.pk).exclude(
            from_state=F("to_state")
        )
        assert moves.last().to_state == item.state
    for opinion in ReviewOpinion.objects.exclude(state="draft"):
        moves = Transition.objects.filter(content_type__model="reviewopinion", object_id=opinion.pk)
        changed = [t for t in moves if t.from_state != t.to_state]
        assert changed[-1].to_state == opinion.state
    for item in RectificationItem.objects.filter(state__in=["done", "verified"]):
        assert item.updates.filter(percent=100).exists()
    assert all(
        t.at.date() <= DEMO_TODAY for t in Transition.objects.filter(content_type__app_label="supervision")
    )
