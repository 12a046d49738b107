"""The reminder engine: tiers of the deadline index (renda.core.deadlines) and the daily scan.

The scan is set-based. It selects in SQL the open deadlines that fall in a tier today and have no
reminder of that tier today, and for each batch, in one transaction: inserts the reminder rows under
the unique item/tier/day key (conflicts ignored, the inserted ones returned), then the in-app
notifications and outbox rows of only those reminders. Its queries grow with the number of batches,
not of reminders; two scans racing each make every reminder once, since the database decides which
insert wins.

Who is told: an item's own people (the responsible unit's users, the person it waits on and, when
seriously overdue, the supervising leader and the unit's head) get one message per item. The holders
of a permission (the committee's staff, who oversee every item, or decide on returns) get one digest a
day listing the items of that day's scan: per item, they would be told of every late item of the
county (of a province, at scale) one by one, hundreds of messages each a morning. The digest is
written from the reminder rows, after the batches, so a scan stopped half-way writes it next time.
"""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, OuterRef, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from renda.core.deadlines import holders_of, kind_label
from renda.core.models import Deadline, Notification, OutboxMessage, Reminder, ReminderPolicy, Unit
from renda.core.selectors import unit_users_by_unit
from renda.core.services import absolute_url, kick_delivery, with_link

logger = logging.getLogger(__name__)

Tier = Reminder.Tier
TIERS = [Tier.SOON, Tier.TODAY, Tier.OVERDUE, Tier.SERIOUS]
FULLWIDTH_COLON = "\uff1a"  # the markdown lines read as Chinese prose in the group chat
BATCH = 500


# --- Tiers --------------------------------------------------------------------------------------


def tier_for(due: date, today: date, policy: ReminderPolicy) -> str | None:
    """soon: due within soon_days; today; overdue: 1 .. serious_days-1 days late; serious: later."""
    days_left = (due - today).days
    if days_left > 0:
        return Tier.SOON if days_left <= policy.soon_days else None
    if days_left == 0:
        return Tier.TODAY
    return Tier.SERIOUS if -days_left >= policy.serious_days else Tier.OVERDUE


def tier_expression(today: date, policy: ReminderPolicy) -> Case:
    """tier_for() in SQL, for deadlines already known to be due within soon_days."""
    return Case(
        When(due__gt=today, then=Value(Tier.SOON)),
        When(due=today, then=Value(Tier.TODAY)),
        When(due__gt=today - timedelta(days=policy.serious_days), then=Value(Tier.OVERDUE)),
        default=Value(Tier.SERIOUS),
        output_field=CharField(),
    )


def in_tier(today: date, policy: ReminderPolicy | None = None) -> QuerySet[Deadline]:
    """The open deadlines someone answers for that fall in a tier today, annotated with `tier`;
    an index range scan on the open rows' due date."""
    policy = policy or ReminderPolicy.current()
    return (
        Deadline.objects.reachable()
        .filter(due__lte=today + timedelta(days=policy.soon_days))
        .annotate(tier=tier_expression(today, policy))
    )


def tier_counts(today: date, policy: ReminderPolicy | None = None) -> dict[str, int]:
    """How many open deadlines are in each tier today: one GROUP BY."""
    rows = in_tier(today, policy).order_by().values("tier").annotate(n=Count("pk"))
    found = dict.fromkeys(TIERS, 0)
    found.update({r["tier"]: r["n"] for r in rows})
    return found


# --- Messages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """What a message says of one deadline in a tier."""

    kind: str
    title: str
    url: str
    due: date
    unit: str


def _headline(item: Due, tier: str, days_late: int) -> str:
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


def _facts(item: Due, days_late: int) -> list[tuple[str, str]]:
    facts = [(_("Item"), f"{item.kind} · {item.title}")]
    if item.unit:
        facts.append((_("Unit"), item.unit))
    facts.append((_("Deadline"), date_format(item.due, "DATE_FORMAT")))
    if days_late > 0:
        facts.append((_("Days overdue"), str(days_late)))
    return facts


def _body(item: Due, days_late: int) -> str:
    return "\n".join(f"{label}: {value}" for label, value in _facts(item, days_late))


def _markdown(item: Due, headline: str, days_late: int) -> str:
    """The WeCom group robot's markdown message: item, unit, deadline, days overdue and a link."""
    lines = [f"**{headline}**"]
    lines += [f"> {label}{FULLWIDTH_COLON}{value}" for label, value in _facts(item, days_late)]
    if item.url:
        lines.append(f"[{_('Open the item')}]({absolute_url(item.url)})")
    return "\n".join(lines)


# --- Set-based writes ---------------------------------------------------------------------------


def _insert_returning(model, objs: list, *, conflict: list[str], returning: list[str]) -> list[tuple]:
    """INSERT the objects' rows, skipping those whose `conflict` key exists; the rows inserted, as
    tuples of `returning` columns. PostgreSQL and SQLite (3.35+) both speak this SQL."""
    if not objs:
        return []
    qn = connection.ops.quote_name
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    found = []
    for start in range(0, len(objs), BATCH):
        chunk = objs[start : start + BATCH]
        params = []
        for obj in chunk:
            params += [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in columns]
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        table = qn(model._meta.db_table)
        names = ", ".join(qn(f.column) for f in columns)
        key = ", ".join(qn(model._meta.get_field(n).column) for n in conflict)
        back = ", ".join(qn(model._meta.get_field(n).column) for n in returning)
        # Identifiers come from the model's _meta, quoted; every value is a parameter.
        sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(chunk))} "  # noqa: S608
        sql += f"ON CONFLICT ({key}) DO NOTHING RETURNING {back}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found += cursor.fetchall()
    return found


class _People:
    """Who is told, resolved per batch in a few queries; permission holders once per scan."""

    def __init__(self, policy: ReminderPolicy):
        self.policy = policy
        self.audiences: dict[str, list] = {}

    def holders(self, codes: str) -> list:
        if codes not in self.audiences:
            self.audiences[codes] = list(holders_of(codes).order_by("pk")) if codes else []
        return self.audiences[codes]

    def audience(self, row: dict) -> str:
        """The permissions whose holders the item's digest line goes to, in one canonical spelling."""
        codes = row["audience"].split()
        if row["tier"] == Tier.SERIOUS and self.policy.escalate:
            codes += row["escalate_audience"].split()
        return " ".join(sorted(set(codes)))

    def load(self, rows: list[dict]) -> None:
        User = get_user_model()
        self.by_unit = unit_users_by_unit({r["unit_id"] for r in rows} - {None})
        serious = [r for r in rows if r["tier"] == Tier.SERIOUS and self.policy.escalate]
        person_ids = {r["person_id"] for r in rows} | {r["escalate_person_id"] for r in serious}
        self.persons = {u.pk: u for u in User.objects.filter(is_active=True, pk__in=person_ids - {None})}
        heads = Unit.objects.filter(
            pk__in={r["unit_id"] for r in serious} - {None}, head__isnull=False, head__is_active=True
        ).select_related("head")
        self.heads = {u.pk: u.head for u in heads}

    def of(self, row: dict) -> list:
        """The item's own people, told of it by name."""
        people = list(self.by_unit.get(row["unit_id"], ()))
        people += [self.persons.get(row["person_id"])]
        if row["tier"] == Tier.SERIOUS and self.policy.escalate:
            people += [self.persons.get(row["escalate_person_id"]), self.heads.get(row["unit_id"])]
        return list({p.pk: p for p in people if p is not None}.values())

    def count(self, row: dict, own: list) -> int:
        """Everyone told of the item: its own people and the digest's holders."""
        return len({p.pk for p in own} | {p.pk for p in self.holders(self.audience(row))})


FIELDS = [
    "pk",
    "content_type_id",
    "object_id",
    "kind",
    "title",
    "url",
    "due",
    "unit_id",
    "unit__name",
    "person_id",
    "audience",
    "escalate_person_id",
    "escalate_audience",
    "tier",
]


def _remind_batch(rows: list[dict], *, today: date, people: _People, now, queue: bool = True) -> Counter:
    """One transaction: the batch's reminders, then notifications and outbox rows of those inserted."""
    made = Counter()
    people.load(rows)
    wecom = people.policy.wecom and bool(settings.WECOM_WEBHOOK_URL)
    with transaction.atomic():
        recipients = {r["pk"]: people.of(r) for r in rows}
        reminders = [
            Reminder(
                content_type_id=r["content_type_id"],
                object_id=r["object_id"],
                tier=r["tier"],
                day=today,
                due=r["due"],
                unit_id=r["unit_id"],
                title=r["title"][:300],
                kind=r["kind"],
                url=r["url"][:300],
                audience=people.audience(r),
                recipients_count=people.count(r, recipients[r["pk"]]),
                created_at=now,
            )
            for r in rows
        ]
        inserted = set(
            _insert_returning(
                Reminder,
                reminders,
                conflict=["content_type", "object_id", "tier", "day"],
                returning=["content_type", "object_id", "tier"],
            )
        )
        notes, wecom_rows, emails = [], [], {}
        for r in rows:
            if (r["content_type_id"], r["object_id"], r["tier"]) not in inserted:
                continue
            made[r["tier"]] += 1
            item = Due(kind_label(r["kind"]), r["title"], r["url"], r["due"], r["unit__name"] or "")
            days_late = max((today - item.due).days, 0)
            headline = _headline(item, r["tier"], days_late)
            body = _body(item, days_late)
            key = f"reminder:{r['content_type_id']}:{r['object_id']}:{r['tier']}:{today.isoformat()}"
            for user in recipients[r["pk"]]:
                notes.append(
                    Notification(
                        recipient_id=user.pk,
                        title=headline[:200],
                        body=body,
                        url=item.url,
                        key=key,
                        created_at=now,
                    )
                )
                if user.email:
                    emails[(user.pk, key)] = OutboxMessage(
                        channel=OutboxMessage.Channel.EMAIL,
                        recipient_id=user.pk,
                        payload={
                            "to": user.email,
                            "subject": headline[:200],
                            "body": with_link(body, item.url),
                        },
                        dedupe_key=f"{key}:email:{user.pk}",
                        created_at=now,
                        next_attempt_at=now,
                    )
            if wecom:
                wecom_rows.append(
                    OutboxMessage(
                        channel=OutboxMessage.Channel.WECOM,
                        payload={
                            "msgtype": "markdown",
                            "markdown": {"content": _markdown(item, headline, days_late)},
                        },
                        dedupe_key=f"{key}:wecom",
                        created_at=now,
                        next_attempt_at=now,
                    )
                )
        told = _insert_returning(
            Notification, notes, conflict=["recipient", "key"], returning=["recipient", "key"]
        )
        outbox = [emails[k] for k in told if k in emails] + wecom_rows
        _insert_returning(OutboxMessage, outbox, conflict=["dedupe_key"], returning=["id"])
        if outbox and queue:
            transaction.on_commit(kick_delivery)
    return made


# --- The holders' digest ------------------------------------------------------------------------

DIGEST_LINES = 20  # items named in a digest; the rest are counted, and the board lists them all
SEVERITY = {Tier.SERIOUS: 0, Tier.OVERDUE: 1, Tier.TODAY: 2, Tier.SOON: 3}
DIGEST_FIELDS = ["pk", "audience", "tier", "kind", "title", "due", "url", "unit__name"]


def _digest_text(items: list[dict], today: date) -> tuple[str, str, str]:
    """Title, body and e-mail body (with each item's link) of one digest: counts per tier, then the
    worst items first."""
    tiers = Counter(r["tier"] for r in items)
    parts = [
        _("%(tier)s %(count)d") % {"tier": Tier(t).label, "count": tiers[t]} for t in SEVERITY if tiers[t]
    ]
    title = ngettext(
        "Deadline reminders today: %(count)d item (%(tiers)s)",
        "Deadline reminders today: %(count)d items (%(tiers)s)",
        len(items),
    ) % {"count": len(items), "tiers": pgettext("list separator", ", ").join(parts)}
    worst = sorted(items, key=lambda r: (SEVERITY[r["tier"]], r["due"], r["pk"]))[:DIGEST_LINES]
    lines, links = [], []
    for r in worst:
        item = Due(kind_label(r["kind"]), r["title"], r["url"], r["due"], r["unit__name"] or "")
        line = _headline(item, r["tier"], max((today - item.due).days, 0))
        if item.unit:
            line += f"（{item.unit}）"
        lines.append(line)
        links.append(f"{line}\n{absolute_url(item.url)}" if item.url else line)
    rest = len(items) - len(worst)
    tail = []
    if rest:
        tail.append(
            ngettext(
                "And %(count)d more item: see the overdue board.",
                "And %(count)d more items: see the overdue board.",
                rest,
            )
            % {"count": rest}
        )
    return title[:200], "\n".join(lines + tail), "\n\n".join(links + tail)


def _digest(*, today: date, people: _People, now, queue: bool = True) -> int:
    """One digest per holder of the reminders of `today` not yet in one; the number written.

    The reminders are locked as they are read (others skipped), so a scan racing this one puts each
    reminder in one digest; a scan stopped before its digest leaves them for the next.
    """
    waiting = Reminder.objects.filter(day=today, digested_at__isnull=True).exclude(audience="")
    if not waiting.exists():  # the common case of a second scan: one query, no transaction
        return 0
    with transaction.atomic():
        pending = list(
            waiting.select_for_update(skip_locked=True, of=("self",)).order_by("pk").values(*DIGEST_FIELDS)
        )
        if not pending:
            return 0
        by_audience = defaultdict(list)
        for r in pending:
            by_audience[r["audience"]].append(r)
        seen = defaultdict(set)  # holder -> the audiences they hold a permission of
        users = {}
        for codes in by_audience:
            for user in people.holders(codes):
                seen[user.pk].add(codes)
                users[user.pk] = user
        board_readers = {u.pk for u in people.holders("accounts.view_dashboards")}
        board = reverse("dashboard:overdue")
        key = f"reminder-digest:{today.isoformat()}:{pending[0]['pk']}"
        texts = {}
        notes, emails = [], {}
        for pk, codes in seen.items():
            group = frozenset(codes)
            if group not in texts:
                texts[group] = _digest_text([r for c in sorted(group) for r in by_audience[c]], today)
            title, body, email = texts[group]
            user = users[pk]
            url = board if pk in board_readers else ""
            notes.append(
                Notification(recipient_id=pk, title=title, body=body, url=url, key=key, created_at=now)
            )
            if user.email:
                emails[(pk, key)] = OutboxMessage(
                    channel=OutboxMessage.Channel.EMAIL,
                    recipient_id=pk,
                    payload={"to": user.email, "subject": title, "body": with_link(email, url)},
                    dedupe_key=f"{key}:email:{pk}",
                    created_at=now,
                    next_attempt_at=now,
                )
        told = _insert_returning(
            Notification, notes, conflict=["recipient", "key"], returning=["recipient", "key"]
        )
        outbox = [emails[k] for k in told if k in emails]
        _insert_returning(OutboxMessage, outbox, conflict=["dedupe_key"], returning=["id"])
        ids = [r["pk"] for r in pending]
        for start in range(0, len(ids), BATCH):
            Reminder.objects.filter(pk__in=ids[start : start + BATCH]).update(digested_at=now)
        if outbox and queue:
            transaction.on_commit(kick_delivery)
    return len(told)


def scan(*, today: date, dry_run: bool = False, queue: bool = True) -> dict[str, int]:
    """Remind every open deadline in a tier today, once per item, tier and day; counts per tier made.

    Queries: the policy, then per batch of BATCH deadlines one read and a handful of writes, then the
    holders' digest (one read, and writes per batch); the deadlines already reminded today are left
    out by the read itself, so a second scan reads twice.
    `dry_run` counts without writing; without `queue` the outbox waits for the periodic sweep.
    """
    counts = Counter(dict.fromkeys(TIERS, 0))
    with translation.override(settings.LANGUAGE_CODE):
        policy = ReminderPolicy.current()
        sent = Reminder.objects.filter(
            day=today, content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
        )
        todo = (
            in_tier(today, policy)
            .annotate(done=Exists(sent.filter(tier=OuterRef("tier"))))
            .filter(done=False)
        )
        if dry_run:
            counts.update({r["tier"]: r["n"] for r in todo.order_by().values("tier").annotate(n=Count("pk"))})
            return dict(counts)
        people = _People(policy)
        now = timezone.now()
        # The work list is read once, before this scan's own reminders exist: paging the NOT EXISTS
        # read instead would probe a growing set of today's reminders that the planner believes empty.
        ids = list(todo.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = in_tier(today, policy).filter(pk__in=ids[start : start + BATCH])
            rows = list(batch.order_by("pk").values(*FIELDS))
            if not rows:
                continue
            try:
                counts.update(_remind_batch(rows, today=today, people=people, now=now, queue=queue))
            except Exception:  # one bad item must not stop the others: the batch again, one by one
                logger.exception("Reminder batch from deadline %s failed; retrying one by one", rows[0]["pk"])
                for row in rows:
                    try:
                        counts.update(_remind_batch([row], today=today, people=people, now=now, queue=queue))
                    except Exception:
                        logger.exception("Reminder of deadline %s skipped", row["pk"])
        try:
            _digest(today=today, people=people, now=now, queue=queue)
        except Exception:  # the reminders stand; their digest is written by the next scan
            logger.exception("The holders' digest of %s failed; the next scan writes it", today)
        if sum(counts.values()) >= BATCH and connection.vendor == "postgresql":
            # The next scan's NOT EXISTS must know today's reminders exist: with statistics that
            # still say none, PostgreSQL compares every deadline with every one of them (9.6 s at 100x).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Reminder._meta.db_table)}")
    return dict(counts)


def reminders_of(obj) -> QuerySet[Reminder]:
    """The reminders sent about one item, oldest first: its timeline's entries."""
    content_type = ContentType.objects.get_for_model(obj)
    return Reminder.objects.filter(content_type=content_type, object_id=obj.pk).order_by("day", "pk")
