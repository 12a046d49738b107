"""The deadline index: one row per open obligation, written with the state change that opens, moves or
closes it, and read in SQL by every count, board, badge and scan.

Layering: a registry in core. Each app registers its kinds of deadline from its hooks
(`register_deadline_kind`): the model an obligation is about, and `rows(queryset)`, which says which
deadlines the given records owe today, straight from the app's own data. That one function serves both
ways in:

- the services call `sync_deadlines(obj)` inside their transaction after a change; the rows of the
  changed records (and of the records that follow them, e.g. a suggestion's co-handling opinions) are
  brought in line: opened, moved, or closed;
- `rebuild_deadlines` recomputes every kind over all records and either applies the difference or,
  with `check=True`, only reports it.

Overdue is never stored: a tier is the due date against today (renda.core.reminders.tier_for).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from renda.core.models import Deadline
from renda.core.selectors import users_with_perm

logger = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class DeadlineRow:
    """What one record owes: the index row's fields, by id. `unit_id`'s active users are told at every
    tier, as are `person_id` and the holders of the `audience` permissions; seriously overdue items also
    go to `escalate_person_id`, the holders of `escalate_audience` and the unit's head."""

    object_id: int
    due: date
    title: str
    url: str = ""
    unit_id: int | None = None
    person_id: int | None = None
    audience: str = ""
    escalate_person_id: int | None = None
    escalate_audience: str = ""
    basis: str = ""


COMPARED = [f.name for f in fields(DeadlineRow) if f.name != "object_id"]


@dataclass(frozen=True)
class DeadlineKind:
    """A kind of obligation an app registers. `rows(queryset of model)` yields a DeadlineRow for every
    record of the queryset that owes one now (in a few queries, whatever their number). `follows` maps
    another model to the lookup from `model` to it: syncing such a record also syncs these rows."""

    code: str
    label: object  # translated lazily: "代表建议答复"
    model: type[models.Model]
    rows: Callable[[QuerySet], Iterable[DeadlineRow]]
    follows: dict = field(default_factory=dict)


_kinds: dict[str, DeadlineKind] = {}


def register_deadline_kind(kind: DeadlineKind) -> None:
    if kind.code in _kinds:
        raise ValueError(f"Deadline kind {kind.code!r} is registered twice")
    _kinds[kind.code] = kind


def deadline_kinds() -> dict[str, DeadlineKind]:
    return dict(_kinds)


def kind_label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code


# --- Writing the index --------------------------------------------------------------------------


def _expected(kind: DeadlineKind, queryset: QuerySet) -> dict[int, DeadlineRow]:
    # Titles and bases are stored in the site's language: the index is data, not a page.
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return {row.object_id: row for row in kind.rows(queryset)}


def _differs(row: Deadline, want: DeadlineRow) -> list[str]:
    return [name for name in COMPARED if getattr(row, name) != getattr(want, name)]


@dataclass
class Difference:
    """What the index holds against what the records owe, for one kind."""

    kind: DeadlineKind
    missing: list[DeadlineRow] = field(default_factory=list)  # owed, no open row
    stale: list[tuple[Deadline, DeadlineRow, list[str]]] = field(default_factory=list)
    extra: list[Deadline] = field(default_factory=list)  # open row, nothing owed

    def __bool__(self):
        return bool(self.missing or self.stale or self.extra)


def _compare(kind: DeadlineKind, subjects: QuerySet, open_rows: QuerySet) -> Difference:
    want = _expected(kind, subjects)
    diff = Difference(kind)
    have = {}
    for row in open_rows.order_by("pk").iterator(chunk_size=BATCH):
        if row.object_id in have or row.object_id not in want:
            diff.extra.append(row)
            continue
        have[row.object_id] = row
    for object_id, target in want.items():
        row = have.get(object_id)
        if row is None:
            diff.missing.append(target)
        elif changed := _differs(row, target):
            diff.stale.append((row, target, changed))
    return diff


def _apply(diff: Difference, content_type: ContentType, now) -> int:
    kind = diff.kind
    if diff.extra:
        Deadline.objects.filter(pk__in=[r.pk for r in diff.extra]).update(closed_at=now)
    for row, target, changed in diff.stale:
        for name in changed:
            setattr(row, name, getattr(target, name))
    if diff.stale:
        Deadline.objects.bulk_update([r for r, _t, _c in diff.stale], COMPARED, batch_size=BATCH)
    if diff.missing:
        Deadline.objects.bulk_create(
            [
                Deadline(
                    content_type=content_type,
                    kind=kind.code,
                    opened_at=now,
                    **{f.name: getattr(t, f.name) for f in fields(DeadlineRow)},
                )
                for t in diff.missing
            ],
            batch_size=BATCH,
        )
    return len(diff.extra) + len(diff.stale) + len(diff.missing)


def _open_rows(kind: DeadlineKind, content_type: ContentType) -> QuerySet[Deadline]:
    return Deadline.objects.open().filter(content_type=content_type, kind=kind.code)


def sync_deadlines(*records: models.Model, model: type[models.Model] | None = None, ids=()) -> int:
    """Bring the index in line for these records (instances, or `model` and `ids`), and for the records
    of other kinds that follow them; inside the caller's transaction. Returns the rows written."""
    targets: dict[type, set] = {}
    for record in records:
        targets.setdefault(type(record)._meta.concrete_model, set()).add(record.pk)
    if model is not None:
        targets.setdefault(model._meta.concrete_model, set()).update(ids)
    written = 0
    now = timezone.now()
    with transaction.atomic():
        for kind in _kinds.values():
            content_type = ContentType.objects.get_for_model(kind.model)
            lookups = []
            if kind.model in targets:
                lookups.append(Q(pk__in=targets[kind.model]))
            lookups += [Q(**{f"{path}__in": targets[m]}) for m, path in kind.follows.items() if m in targets]
            if not lookups:
                continue
            q = lookups[0]
            for extra in lookups[1:]:
                q |= extra
            subject_ids = set(kind.model._default_manager.filter(q).values_list("pk", flat=True))
            if kind.model in targets:
                subject_ids |= targets[kind.model]  # a deleted record closes its rows
            subjects = kind.model._default_manager.filter(pk__in=subject_ids)
            rows = _open_rows(kind, content_type).filter(object_id__in=subject_ids)
            written += _apply(_compare(kind, subjects, rows), content_type, now)
    return written


def rebuild_deadlines(*, check: bool = False, kinds: Iterable[str] | None = None) -> list[Difference]:
    """Recompute the index from every app's records; with `check`, change nothing. The differences
    found (before any change) are returned."""
    chosen = [k for code, k in _kinds.items() if kinds is None or code in set(kinds)]
    found = []
    now = timezone.now()
    with transaction.atomic():
        for kind in chosen:
            content_type = ContentType.objects.get_for_model(kind.model)
            diff = _compare(kind, kind.model._default_manager.all(), _open_rows(kind, content_type))
            if diff:
                found.append(diff)
                if not check:
                    _apply(diff, content_type, now)
    return found


# --- Reading it ---------------------------------------------------------------------------------


def holders_of(audience: str) -> QuerySet:
    """The active users holding any of the space-separated permissions of an `audience`."""
    codes = audience.split()
    return users_with_perm(*codes) if codes else get_user_model().objects.none()


def deadlines_of(obj: models.Model) -> QuerySet[Deadline]:
    """The deadlines of one record, open and closed, oldest first: its timeline's entries."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("opened_at", "pk")
