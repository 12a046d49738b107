"""The demo data: Ji County's shape with invented people, every deputy in a station, opinions in every
state, and a second `load_demo` that changes nothing."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings

from demo.deputies import RESERVED_NAMES
from demo.liaison import DEMO_TODAY
from deputies.models import Deputy, Gender, Level, Training
from liaison.models import Assignment, Opinion, Point, Reception, Station
from renda.accounts.models import User
from renda.core.models import Township, Transition
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module into the empty test database, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHER):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def demo_tables():
    """The models of the apps the demo fills before liaison, with their many-to-many tables."""
    for label in ("core", "accounts", "deputies", "liaison"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label.split(".")[1].startswith("Historical"):
                continue  # the core loader's update_or_create adds history rows on every run
            yield model
            for field in model._meta.many_to_many:
                yield field.remote_field.through


def test_there_are_8_stations_and_78_points_one_station_per_active_township_and_two_in_the_seat(demo):
    assert Station.objects.count() == 8
    assert Point.objects.count() == 78
    per_township = Counter(Station.objects.values_list("township__name", flat=True))
    assert set(per_township) == set(Township.objects.active().values_list("name", flat=True))
    assert per_township["吉昌镇"] == 2
    assert not Point.objects.exclude(township=F("station__township")).exists()
    assert all(p.schedule.startswith("每月") for p in Point.objects.all())


def test_the_roster_has_about_150_county_deputies_and_every_level(demo):
    county = Deputy.objects.holding(Level.COUNTY)
    assert 140 <= county.count() <= 160
    assert 200 <= Deputy.objects.holding(Level.TOWNSHIP).count() <= 240
    assert Deputy.objects.holding(Level.NATIONAL).count() == 1
    assert 2 <= Deputy.objects.holding(Level.PROVINCIAL).count() <= 4
    assert 8 <= Deputy.objects.holding(Level.MUNICIPAL).count() <= 12
    # One person may hold several levels.
    several = [d for d in Deputy.objects.prefetch_related("mandates") if len(d.level_codes) > 1]
    assert len(several) >= 20
    assert Deputy.objects.holding(Level.NATIONAL).filter(mandates__level=Level.COUNTY).exists()
    female = Deputy.objects.filter(gender=Gender.FEMALE).count() / Deputy.objects.count()
    assert 0.22 <= female <= 0.33
    left = Deputy.objects.exclude(status=Deputy.Status.ACTIVE)
    assert left.exists()
    assert not left.filter(status_date__isnull=True).exists()
    assert not left.filter(status_reason="").exists()


def test_the_county_seat_has_the_most_deputies(demo):
    per_township = Counter(Deputy.objects.values_list("township__name", flat=True))
    assert per_township.most_common(1)[0][0] == "吉昌镇"


def test_no_generated_name_is_a_demo_users_name_and_names_are_unique(demo):
    names = list(Deputy.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert set(names) & RESERVED_NAMES == {"冯志刚", "薛丽娟"}


def test_the_demo_deputy_accounts_are_county_deputies_in_different_stations(demo):
    feng = Deputy.objects.get(user__username="deputy")
    xue = Deputy.objects.get(user__username="deputy2")
    assert (feng.name, xue.name) == ("冯志刚", "薛丽娟")
    assert Level.COUNTY in feng.level_codes
    assert Level.COUNTY in xue.level_codes
    assert feng.assignment.station != xue.assignment.station
    assert feng.assignment.point is not None
    held = Reception.objects.filter(state=Reception.State.HELD)
    assert held.filter(present=feng).count() >= 5
    assert held.filter(present=xue).count() >= 5
    assert feng.trainings.exists()


def test_every_active_deputy_is_in_the_station_of_their_township_most_also_at_a_point(demo):
    active = Deputy.objects.active()
    assert not active.filter(assignment__isnull=True).exists()
    assert not Assignment.objects.exclude(station__township=F("deputy__township")).exists()
    assert not Assignment.objects.filter(point__isnull=False).exclude(point__station=F("station")).exists()
    with_point = Assignment.objects.filter(point__isnull=False).count()
    assert with_point / active.count() > 0.8
    assert not Point.objects.filter(assignments__isnull=True).exists()


def test_trainings_cover_most_county_deputies_but_not_all(demo):
    initial = Training.objects.get(title="第十六届县人大代表初任培训")
    county = Deputy.objects.holding(Level.COUNTY)
    assert initial.attendees.count() > 0.8 * county.count()
    assert Training.objects.filter(where=Training.Where.AWAY, place="贵州").exists()
    assert Training.objects.filter(where=Training.Where.AWAY, place="深圳").exists()
    untrained = Deputy.objects.active().holding(Level.COUNTY).filter(trainings__isnull=True)
    assert untrained.exists()


def test_a_year_of_reception_days_with_next_months_planned(demo):
    held = Reception.objects.filter(state=Reception.State.HELD)
    assert held.filter(date__lt=date(2025, 12, 1)).count() == 0
    assert not held.filter(date__gt=DEMO_TODAY).exists()
    assert {d.month for d in held.dates("date", "month")} == set(range(1, 13))
    planned = Reception.objects.filter(state=Reception.State.PLANNED)
    assert planned.exists()
    assert not planned.filter(date__lte=DEMO_TODAY).exists()
    assert planned.filter(announced_at__isnull=False).exists()
    assert not held.filter(present__isnull=True).exists()
    assert not held.filter(residents_received__lt=3).exists()
    assert not held.filter(residents_received__gt=30).exists()
    # Deputies on duty come from the station's own deputies.
    outsiders = Reception.on_duty.through.objects.exclude(deputy__assignment__station=F("reception__station"))
    assert not outsiders.exists()


def test_opinions_are_in_every_state_and_keep_the_routing_rules(demo):
    states = set(Opinion.objects.values_list("state", flat=True))
    assert states == set(Opinion.State.values)
    assert not Opinion.objects.filter(state=Opinion.State.FORWARDED, unit__isnull=True).exists()
    assert not Opinion.objects.filter(state=Opinion.State.REFERRED, township__isnull=True).exists()
    assert not Opinion.objects.filter(state=Opinion.State.ANSWERED, answer="").exists()
    assert not Opinion.objects.filter(state=Opinion.State.UNIT_REPLIED, unit_reply="").exists()
    closed = Opinion.objects.filter(state=Opinion.State.CLOSED)
    assert not closed.filter(feedback="").exists()
    assert not closed.filter(feedback_at__isnull=True).exists()
    assert Opinion.objects.overdue(today=DEMO_TODAY).exists()
    assert Opinion.objects.filter(state=Opinion.State.FORWARDED, due_date__gte=DEMO_TODAY).exists()
    for unit in ("县农业农村局", "县交通运输局"):
        assert Opinion.objects.filter(unit__name=unit, state=Opinion.State.FORWARDED).exists()
        assert Opinion.objects.filter(unit__name=unit, state=Opinion.State.UNIT_REPLIED).exists()
    routed = Opinion.objects.exclude(state=Opinion.State.RECORDED).count()
    assert (
        Transition.objects.filter(content_type__model="opinion").values("object_id").distinct().count()
        == routed
    )


def test_loading_the_demo_twice_leaves_the_same_rows(demo, settings):
    settings.DEBUG = True
    deputy_user = User.objects.get(username="deputy")
    assert_loading_again_changes_nothing(lambda out: call_command("load_demo", stdout=out), *demo_tables())
    assert Deputy.objects.get(user=deputy_user).name == "冯志刚"


def test_the_demo_deputy_has_drafts_whose_origin_is_a_constituent_opinion(demo):
    from proposals.models import State, Suggestion

    drafts = Suggestion.objects.filter(origin_opinion__isnull=False).select_related(
        "origin_opinion", "lead_deputy"
    )
    assert drafts.count() == 3
    for draft in drafts:
        assert draft.state == State.DRAFT
        assert draft.lead_deputy.user.username == "deputy"
        assert draft.origin_opinion.state == Opinion.State.TO_SUGGESTION
        assert draft.content == draft.origin_opinion.content


def test_the_demo_index_agrees_with_its_records_and_its_day_was_scanned(demo):
    from renda.core.models import Deadline, Reminder

    out = StringIO()
    call_command("rebuild_deadlines", "--check", stdout=out)
    assert "agrees" in out.getvalue() or "一致" in out.getvalue()
    kinds = set(Deadline.objects.open().values_list("kind", flat=True))
    assert {"proposals.reply", "supervision.item", "liaison.opinion", "meetings.followup"} <= kinds
    assert Deadline.objects.open().exclude(basis="").count() == Deadline.objects.open().count()
    # The demo day's scan ran: a newcomer finds reminders in the timelines and on the board.
    tiers = set(Reminder.objects.filter(day=DEMO_TODAY).values_list("tier", flat=True))
    assert tiers == {"soon", "today", "overdue", "serious"}


def test_rebuild_check_names_every_difference_in_chinese_and_rebuild_mends_it(demo):
    from django.utils import translation

    from renda.core.models import Deadline

    row = Deadline.objects.open().filter(kind="proposals.reply").first()
    Deadline.objects.filter(pk=row.pk).update(due=date(2020, 1, 1))
    extra = Deadline.objects.open().filter(kind="liaison.opinion").first()
    Deadline.objects.filter(pk=extra.pk).delete()
    out = StringIO()
    with translation.override("en"), pytest.raises(SystemExit) as exit_code:
        call_command("rebuild_deadlines", "--check", stdout=out, stderr=StringIO())
    assert exit_code.value.code == 1
    text = out.getvalue()
    assert f"代表建议答复 #{row.object_id}" in text and "2020年1月1日" in text
    assert f"#{extra.object_id}" in text and "缺少" in text
    Deadline.objects.filter(pk=row.pk).update(due=row.due)  # back as it was, for the other tests
    call_command("rebuild_deadlines", stdout=StringIO())
    call_command("rebuild_deadlines", "--check", stdout=StringIO())  # no SystemExit: in line again
