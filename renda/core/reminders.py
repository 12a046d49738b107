"""The reminder engine, one for the whole system: a registry of open deadlines and the daily scan.

Layering: a registry in core. Each app lists its open deadlines from its AppConfig.ready() with
`register_deadlines(name, provider)`, where `provider(today)` yields a `DueItem` for every open
deadline, in a few queries whatever their number. The engine alone decides the tier from the
deadline and the `ReminderPolicy`, who is told (escalation), and that each item, tier and day is
reminded exactly once: a `Reminder` row with a unique key is inserted before anything is sent, so a
second scan, worker or beat process finds the key taken and sends nothing.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renda.core.models import Reminder, ReminderPolicy, Unit
from renda.core.services import absolute_url, notify

logger = logging.getLogger(__name__)

Tier = Reminder.Tier
TIERS = [Tier.SOON, Tier.TODAY, Tier.OVERDUE, Tier.SERIOUS]
FULLWIDTH_COLON = "\uff1a"  # the markdown lines read as Chinese prose in the group chat


@dataclass(frozen=True)
class DueItem:
    """One open deadline: `subject` is the model instance the reminder is about (its timeline)."""

    subject: object
    kind: str  # what it is, translated: "代表建议答复", "整改事项" ...
    title: str
    url: str
    due: date
    unit: object | None  # the responsible core.Unit, if any
    recipients: tuple = ()  # users told at every tier
    escalate_to: tuple = ()  # also told once seriously overdue (e.g. the supervising leader)


_deadline_providers: dict[str, Callable[[date], Iterable[DueItem]]] = {}


def register_deadlines(name: str, provider: Callable[[date], Iterable[DueItem]]) -> None:
    """provider(today) -> the app's open deadlines (every one, whether due soon or not)."""
    _deadline_providers[name] = provider


def registered_deadlines() -> dict[str, Callable[[date], Iterable[DueItem]]]:
    return dict(_deadline_providers)


# --- Tiers --------------------------------------------------------------------------------------


def tier_for(due: date, today: date, policy: ReminderPolicy) -> str | None:
    """soon: due within soon_days; today; overdue: 1 .. serious_days-1 days late; serious: later."""
    days_left = (due - today).days
    if days_left > 0:
        return Tier.SOON if days_left <= policy.soon_days else None
    if days_left == 0:
        return Tier.TODAY
    return Tier.SERIOUS if -days_left >= policy.serious_days else Tier.OVERDUE


def due_items(today: date) -> dict[str, list[DueItem]]:
    """Every provider's open deadlines; a provider that fails is logged and the others go on."""
    found = {}
    for name, provider in _deadline_providers.items():
        try:
            found[name] = list(provider(today))
        except Exception:
            logger.exception("Deadline provider %s failed", name)
            found[name] = []
    return found


def tiered_items(today: date, policy: ReminderPolicy | None = None) -> list[tuple[DueItem, str]]:
    """Every open deadline that falls in a tier today, with its tier (the overdue board's rows)."""
    policy = policy or ReminderPolicy.current()
    rows = []
    for items in due_items(today).values():
        for item in items:
            tier = tier_for(item.due, today, policy)
            if tier is not None:
                rows.append((item, tier))
    return rows


# --- Messages -----------------------------------------------------------------------------------


def _headline(item: DueItem, tier: str, days_late: int) -> str:
    what = f"{item.kind}“{item.title}”"
    if tier == Tier.SOON:
        return _("Due soon: %(item)s") % {"item": what}
    if tier == Tier.TODAY:
        return _("Due today: %(item)s") % {"item": what}
    if tier == Tier.OVERDUE:
        return ngettext(
            "Overdue by %(days)d day: %(item)s", "Overdue by %(days)d days: %(item)s", days_late
        ) % {"days": days_late, "item": what}
    return ngettext(
        "Seriously overdue by %(days)d day: %(item)s",
        "Seriously overdue by %(days)d days: %(item)s",
        days_late,
    ) % {"days": days_late, "item": what}


def _facts(item: DueItem, days_late: int) -> list[tuple[str, str]]:
    facts = [(_("Item"), f"{item.kind} · {item.title}")]
    if item.unit is not None:
        facts.append((_("Unit"), str(item.unit)))
    facts.append((_("Deadline"), date_format(item.due, "DATE_FORMAT")))
    if days_late > 0:
        facts.append((_("Days overdue"), str(days_late)))
    return facts


def _body(item: DueItem, days_late: int) -> str:
    return "\n".join(f"{label}: {value}" for label, value in _facts(item, days_late))


def _markdown(item: DueItem, headline: str, days_late: int) -> str:
    """The WeCom group robot's markdown message: item, unit, deadline, days overdue and a link."""
    lines = [f"**{headline}**"]
    lines += [f"> {label}{FULLWIDTH_COLON}{value}" for label, value in _facts(item, days_late)]
    if item.url:
        lines.append(f"[{_('Open the item')}]({absolute_url(item.url)})")
    return "\n".join(lines)


# --- The scan -----------------------------------------------------------------------------------


def _heads_of(unit_ids: set) -> dict[int, object]:
    if not unit_ids:
        return {}
    units = Unit.objects.filter(pk__in=unit_ids, head__isnull=False, head__is_active=True).select_related(
        "head"
    )
    return {u.pk: u.head for u in units}


def _recipients(item: DueItem, tier: str, policy: ReminderPolicy, heads: dict) -> list:
    people = list(item.recipients)
    if tier == Tier.SERIOUS and policy.escalate:
        people += list(item.escalate_to)
        head = heads.get(getattr(item.unit, "pk", None))
        if head is not None:
            people.append(head)
    return list({p.pk: p for p in people if p is not None}.values())


def _send(item: DueItem, tier: str, *, today: date, content_type, policy, heads) -> bool:
    """Insert the reminder's unique row and notify, in one transaction; False if it already exists."""
    days_late = max((today - item.due).days, 0)
    headline = _headline(item, tier, days_late)
    people = _recipients(item, tier, policy, heads)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the key taken means another scan did it
                reminder = Reminder.objects.create(
                    content_type=content_type,
                    object_id=item.subject.pk,
                    tier=tier,
                    day=today,
                    due=item.due,
                    unit=item.unit,
                    title=item.title[:300],
                    recipients_count=len(people),
                )
        except IntegrityError:
            return False
        notify(
            recipients=people,
            title=headline[:200],
            body=_body(item, days_late),
            url=item.url,
            key=f"reminder:{content_type.pk}:{item.subject.pk}:{tier}:{today.isoformat()}",
            email=True,
            wecom=policy.wecom,
            wecom_markdown=_markdown(item, headline, days_late),
        )
    logger.debug("Reminder %s sent to %s people", reminder.pk, len(people))
    return True


def scan(*, today: date, dry_run: bool = False) -> dict[str, int]:
    """Remind every open deadline in a tier today, once per item, tier and day; counts per tier.

    Queries: the providers' few, one for the policy, one for the reminders already sent today, one
    for the unit heads; then only the writes of each new reminder. `dry_run` counts without writing.
    """
    counts = Counter(dict.fromkeys(TIERS, 0))
    with translation.override(settings.LANGUAGE_CODE):
        policy = ReminderPolicy.current()
        rows = tiered_items(today, policy)
        if not rows:
            return dict(counts)
        types = ContentType.objects.get_for_models(*{type(item.subject) for item, _tier in rows})
        done = set(Reminder.objects.filter(day=today).values_list("content_type_id", "object_id", "tier"))
        todo = []
        for item, tier in rows:
            content_type = types[type(item.subject)]
            if (content_type.pk, item.subject.pk, tier) not in done:
                todo.append((item, tier, content_type))
        if dry_run:
            counts.update(tier for _item, tier, _ct in todo)
            return dict(counts)
        heads = _heads_of(
            {getattr(item.unit, "pk", None) for item, tier, _ct in todo if tier == Tier.SERIOUS} - {None}
        )
        for item, tier, content_type in todo:
            if _send(item, tier, today=today, content_type=content_type, policy=policy, heads=heads):
                counts[tier] += 1
    return dict(counts)


def reminders_of(obj) -> QuerySet[Reminder]:
    """The reminders sent about one item, oldest first: its timeline's entries."""
    content_type = ContentType.objects.get_for_model(obj)
    return Reminder.objects.filter(content_type=content_type, object_id=obj.pk).order_by("day", "pk")
