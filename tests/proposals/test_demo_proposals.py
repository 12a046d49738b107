"""The demo suggestions: every state, the demo accounts' own, gapless numbers, real-looking stories,
and a second load that changes nothing."""

import time
from collections import defaultdict
from io import StringIO

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from demo.loaders import LOADERS
from demo.proposals import DEMO_TODAY, load_demo_proposals
from proposals.models import (
    CoHandling,
    Consultation,
    NumberSequence,
    ProgressUpdate,
    Reply,
    State,
    Suggestion,
)
from proposals.selectors import suggestion_visible_to
from proposals.workflow import MOVES
from renda.accounts.models import User
from renda.core.models import Transition
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Reference data, accounts, deputies and suggestions loaded once for this module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHER):
            for name, loader in LOADERS:
                if name != "liaison":
                    loader(StringIO())
        yield
        transaction.set_rollback(True)


def user(username):
    return User.objects.get(username=username)


def test_there_are_about_200_suggestions_in_every_state(demo):
    assert 180 <= Suggestion.objects.count() <= 230
    assert set(Suggestion.objects.values_list("state", flat=True)) == set(State.values)
    years = set(Suggestion.objects.values_list("year", flat=True))
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}
    sessions = set(Suggestion.objects.exclude(session=None).values_list("session__number", flat=True))
    assert sessions == {1, 2, 3, 4, 5, 6}
    assert Suggestion.objects.filter(session=None).exists()


def test_the_demo_deputies_see_what_they_lead_and_co_signed(demo):
    for username, name in (("deputy", "冯志刚"), ("deputy2", "薛丽娟")):
        visible = suggestion_visible_to(user(username))
        led = visible.filter(lead_deputy__name=name)
        assert led.count() >= 5
        assert visible.filter(cosignature__deputy__name=name, cosignature__state="confirmed").count() >= 3
        assert not visible.exclude(Q(lead_deputy__name=name) | Q(cosignature__deputy__name=name)).exists()
        assert led.exclude(state__in=[State.CLOSED, State.DRAFT]).count() >= 2
    # 冯志刚 has a reply to rate; 薛丽娟 a suggestion returned to her and an invitation to co-sign.
    assert (
        suggestion_visible_to(user("deputy")).filter(lead_deputy__name="冯志刚", state=State.REPLIED).exists()
    )
    xue = suggestion_visible_to(user("deputy2"))
    assert xue.filter(lead_deputy__name="薛丽娟", state=State.RETURNED).exists()
    assert xue.filter(cosignature__deputy__name="薛丽娟", cosignature__state="invited").exists()


def test_the_demo_units_see_their_own_in_every_handling_state(demo):
    for username, unit in (("unit", "县农业农村局"), ("unit2", "县交通运输局")):
        visible = suggestion_visible_to(user(username))
        assert not visible.exclude(Q(lead_unit__name=unit) | Q(cohandling__unit__name=unit)).exists()
        led = visible.filter(lead_unit__name=unit)
        assert led.count() >= 10
        assert visible.filter(cohandling__unit__name=unit).exclude(lead_unit__name=unit).exists()
        states = set(led.values_list("state", flat=True))
        assert {State.ASSIGNED, State.TRANSFER_REQUESTED, State.IN_PROGRESS, State.CLOSED} <= states
        assert led.overdue(today=DEMO_TODAY).exists()


def test_numbers_are_gapless_per_sequence_and_the_sequences_agree(demo):
    numbers = defaultdict(list)
    for key, number in Suggestion.objects.exclude(number=None).values_list("sequence", "number"):
        numbers[key].append(number)
    assert len(numbers) == 6 + 5  # six sessions, the recesses of 2022-2026
    for key, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), key
        assert NumberSequence.objects.get(key=key).last == len(taken)
    # A number is given on assignment: exactly the suggestions ever assigned have one.
    assert not Suggestion.objects.filter(number=None, assigned_at__isnull=False).exists()
    assert not Suggestion.objects.filter(number__isnull=False, assigned_at=None).exists()


def test_every_story_is_a_chain_of_legal_moves_ending_in_the_current_state(demo):
    moves = defaultdict(list)
    for t in Transition.objects.filter(content_type__model="suggestion").order_by("at", "pk"):
        moves[t.object_id].append(t)
    for s in Suggestion.objects.all():
        state = State.DRAFT
        for t in moves[s.pk]:
            assert t.from_state == state, s.title
            assert state in MOVES[t.action].sources and MOVES[t.action].target == t.to_state
            assert t.at.date() <= DEMO_TODAY
            state = t.to_state
        assert state == s.state, s.title


def test_the_stories_have_what_their_states_imply(demo):
    overdue = Suggestion.objects.overdue(today=DEMO_TODAY)
    assert overdue.count() >= 3
    assert Suggestion.objects.awaiting_reply().filter(reply_due__gte=DEMO_TODAY).exists()
    rehandled = Suggestion.objects.filter(rehandling_rounds__gt=0)
    assert rehandled.exists()
    assert Reply.objects.filter(round=2).count() == rehandled.exclude(state=State.REHANDLING).count()
    assert Reply.objects.filter(satisfaction="unsatisfied").count() == rehandled.count()
    key = Suggestion.objects.filter(is_key=True)
    assert key.count() >= 8
    assert not key.exclude(supervising_leader__username="director").exists()
    assert ProgressUpdate.objects.filter(suggestion__state=State.IMPLEMENTING).exists()
    implemented = Suggestion.objects.filter(state=State.CLOSED, outcome__in="BC")
    assert implemented.filter(progress_updates__is_done=True).exists()
    assert not Suggestion.objects.filter(state=State.IMPLEMENTING, progress_updates__is_done=True).exists()
    assert set(Suggestion.objects.exclude(outcome="").values_list("outcome", flat=True)) == set("ABCD")
    assert Suggestion.objects.filter(state=State.EXTENDED, is_extended=True).count() == 2
    assert not Suggestion.objects.filter(state=State.TRANSFER_REQUESTED, transfer_reason="").exists()
    assert not Suggestion.objects.filter(state=State.MERGED, merged_into=None).exists()
    assert not Suggestion.objects.filter(state=State.REJECTED, review_note="").exists()
    assert Consultation.objects.count() > 100
    replied = Suggestion.objects.exclude(replied_at=None)
    late = [s for s in replied if s.replied_at > s.reply_due]
    assert 0 < len(late) < replied.count() / 4
    assert CoHandling.objects.filter(sent_at__isnull=False).exclude(opinion="").exists()


def test_loading_twice_leaves_the_same_rows_and_is_fast(demo):
    start = time.perf_counter()
    assert_loading_again_changes_nothing(
        load_demo_proposals, Transition, *apps.get_app_config("proposals").get_models()
    )
    # The row counts before and after take a few milliseconds of this.
    assert time.perf_counter() - start < 20
