"""What the suggestion's page reads beside the suggestion: its timeline (every move, reply, rating,
consultation, co-handling opinion, progress step and reminder, in time order) and its open deadlines."""

from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import services
from proposals.models import CoHandling, Reply, Suggestion
from proposals.workflow import MOVES
from renda.core.models import Deadline, Reminder
from renda.core.workflow import state_label, transitions_of


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _about(suggestion, cohandlings, replies) -> Q:
    """Rows about the suggestion, its co-handling opinions or its replies (by content type and id)."""
    subjects = [
        (Suggestion, [suggestion.pk]),
        (CoHandling, [c.pk for c in cohandlings]),
        (Reply, [r.pk for r in replies]),
    ]
    condition = Q(pk__in=[])
    for model, pks in subjects:
        if pks:
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    return condition


def _reminders_of(suggestion, cohandlings, replies):
    """The reminders the engine sent about the suggestion, its co-handling opinions and its replies."""
    about = _about(suggestion, cohandlings, replies)
    return Reminder.objects.filter(about).select_related("unit").order_by("created_at", "pk")


def open_deadlines(suggestion, cohandlings, replies) -> list:
    """The suggestion's open deadlines in the index (its reply, co-handling opinions, a return
    decision, a rating), soonest first, with their basis; one query."""
    about = _about(suggestion, cohandlings, replies)
    return list(Deadline.objects.open().filter(about).select_related("unit").order_by("due", "pk"))


def timeline_of(suggestion, *, replies, consultations, progress, cohandlings=()) -> list[dict]:
    """Every transition, reply, rating, consultation, co-handling opinion, progress update and
    reminder sent, in time order, with who and when."""
    entries = [
        {
            "at": suggestion.created_at,
            "by": suggestion.filed_by,
            "label": _("filed"),
            "kind": "filed",
        }
    ]
    rounds = {r.round: r for r in replies}
    reply_round = rate_round = 0
    for t in transitions_of(suggestion):
        if t.action == "cohandle":
            continue  # shown from the co-handling rows below, with the opinion itself
        entry = {
            "at": t.at,
            "by": t.by,
            "label": MOVES[t.action].label
            if t.action in MOVES
            else services.EVENT_LABELS.get(t.action, t.action),
            "note": t.note,
            "kind": t.action,
        }
        if t.from_state != t.to_state:
            entry["to"] = state_label(suggestion, "state", t.to_state)
        if t.action == "reply":
            reply_round += 1
            entry["reply"] = rounds.get(reply_round)
            entry["note"] = ""
        elif t.action in ("rate", "rehandle"):
            rate_round += 1
            entry["rating"] = rounds.get(rate_round)
            entry["note"] = ""
        entries.append(entry)
    # A consultation or a progress step is placed on the day it happened, maybe before it was recorded.
    for c in consultations:
        entries.append(
            {
                "at": _at(c.date),
                "day_only": True,
                "by": c.recorded_by,
                "label": _("consulted the deputy"),
                "kind": "consultation",
                "consultation": c,
            }
        )
    for c in cohandlings:
        if c.sent_at:
            entries.append(
                {
                    "at": _at(c.sent_at),
                    "day_only": True,
                    "by": c.sent_by,
                    "label": services.EVENT_LABELS["cohandle"],
                    "unit": c.unit,
                    "note": c.opinion,
                    "kind": "cohandle",
                }
            )
    for r in _reminders_of(suggestion, cohandlings, replies):
        entries.append(
            {
                "at": r.created_at,
                "label": _("reminder sent"),
                "note": r.get_tier_display(),
                "unit": r.unit,
                "kind": "reminder",
            }
        )
    for p in progress:
        entries.append(
            {
                "at": _at(p.date),
                "day_only": True,
                "by": p.by,
                "label": _("progress"),
                "kind": "progress",
                "progress": p,
            }
        )
    entries.sort(key=lambda e: e["at"])
    return entries
