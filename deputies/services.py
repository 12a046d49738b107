"""Writes of the deputies app: deputies and their levels, the roster import, accounts and trainings."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from pypinyin import lazy_pinyin

from deputies.models import Attendance, Deputy, Mandate, Training
from deputies.roster import NO_CURRENT_TERM, Problem, RosterReport, check_roster
from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.accounts.services import user_create
from renda.core.deadlines import sync_deadlines
from renda.core.models import Term, Township
from renda.core.selectors import current_term
from renda.core.versions import locked_at
from renda.core.xlsx import read_rows

# --- deputies ----------------------------------------------------------------------------------


def deputy_set_levels(*, deputy: Deputy, levels: Iterable[str], term: Term) -> None:
    """The levels `deputy` holds in `term`: exactly `levels`; other terms are left as they are."""
    wanted = set(levels)
    deputy.mandates.filter(term=term).exclude(level__in=wanted).delete()
    have = set(deputy.mandates.filter(term=term).values_list("level", flat=True))
    for level in sorted(wanted - have):
        mandate = Mandate(deputy=deputy, level=level, term=term)
        mandate.full_clean()
        mandate.save()


@transaction.atomic
def deputy_create(*, levels: Iterable[str], term: Term | None, **fields) -> Deputy:
    deputy = Deputy(**fields)
    deputy.full_clean()
    deputy.save()
    if term is not None:
        deputy_set_levels(deputy=deputy, levels=levels, term=term)
    return deputy


@transaction.atomic
def deputy_update(
    *, deputy: Deputy, levels: Iterable[str], term: Term | None, version: str | None = None, **fields
) -> Deputy:
    deputy = locked_at(Deputy, deputy.pk, version)
    for name, value in fields.items():
        setattr(deputy, name, value)
    deputy.full_clean()
    deputy.save()
    if term is not None:
        deputy_set_levels(deputy=deputy, levels=levels, term=term)
    return deputy


# --- the roster import -------------------------------------------------------------------------


class RosterRefused(Exception):
    """The file has problems; nothing was imported. `report` lists them row by row."""

    def __init__(self, report: RosterReport):
        super().__init__(f"{len(report.problems)} problem(s)")
        self.report = report


def roster_check(
    *, today: date, data: bytes | BinaryIO | None = None, rows: Sequence[tuple] | None = None
) -> RosterReport:
    """Check every row of a roster against the townships and deputies on file.

    The roster is either `rows` already read by `read_rows` (the upload form reads the file once) or
    `data`, the file's bytes or an open binary file, read here. Raises WorkbookError when `data` is
    not a readable workbook or breaks one of the bounds of `read_rows`.
    """
    if rows is None:
        if data is None:
            raise TypeError("roster_check() needs data or rows")
        rows = read_rows(data)
    report = check_roster(
        rows,
        today=today,
        townships=list(Township.objects.all()),
        existing=set(Deputy.objects.values_list("name", "birth_date")),
    )
    if current_term() is None:
        report.errors.insert(0, NO_CURRENT_TERM)
    return report


@transaction.atomic
def roster_import(
    *, today: date, data: bytes | BinaryIO | None = None, rows: Sequence[tuple] | None = None
) -> tuple[RosterReport, list[Deputy]]:
    """Import every deputy of the file (`data` or `rows`, as for roster_check) with their levels in
    the current term, or none of them.

    The rows are checked again inside the transaction; any problem raises RosterRefused and the
    transaction is rolled back, so a file is never half imported.
    """
    report = roster_check(data=data, rows=rows, today=today)
    if not report.ok:
        raise RosterRefused(report)
    term = current_term()
    created = []
    for row in report.rows:
        try:
            deputy = deputy_create(levels=row.levels, term=term, **row.values)
        except ValidationError as exc:
            # Whatever the checks above missed still refuses the whole file, at its row.
            for message in exc.messages:
                row.problems.append(Problem(row.number, "", message))
            raise RosterRefused(report) from exc
        created.append(deputy)
    return report, created


# --- accounts ----------------------------------------------------------------------------------

_NOT_USERNAME = re.compile(r"[^a-z0-9]")


def username_for(name: str) -> str:
    """A sign-in name from the full pinyin of the name (张三 -> zhangsan), a number added if taken."""
    base = _NOT_USERNAME.sub("", "".join(lazy_pinyin(name, errors="ignore")).lower().replace("ü", "v"))
    base = (base or "deputy")[:140]
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


@dataclass
class CreatedAccount:
    deputy: Deputy
    user: User
    password: str  # shown once on the result page, never stored in plain


@transaction.atomic
def deputy_accounts_create(*, deputies: Iterable[Deputy]) -> list[CreatedAccount]:
    """A deputy's sign-in account for each deputy that has none, linked to their roster row.

    Returns the initial passwords to hand over once; each account must choose its own at first sign-in.
    """
    created = []
    ids = [d.pk for d in deputies]
    for deputy in Deputy.objects.select_for_update().filter(pk__in=ids, user__isnull=True).order_by("pk"):
        user, password = user_create(
            username=username_for(deputy.name),
            roles=[Role.DEPUTY],
            display_name=deputy.name,
            phone=deputy.phone,
        )
        deputy.user = user
        deputy.full_clean()
        deputy.save(update_fields=["user", "updated_at"])
        created.append(CreatedAccount(deputy=deputy, user=user, password=password))
    # A reply waiting for the deputy's rating now has someone to tell.
    sync_deadlines(model=Deputy, ids=[c.deputy.pk for c in created])
    return created


# --- trainings ---------------------------------------------------------------------------------


@transaction.atomic
def training_create(**fields) -> Training:
    training = Training(**fields)
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_update(*, training: Training, version: str | None = None, **fields) -> Training:
    training = locked_at(Training, training.pk, version)
    for name, value in fields.items():
        setattr(training, name, value)
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_set_attendance(
    *, training: Training, shown: Iterable[Deputy], attending: Iterable[Deputy]
) -> Training:
    """Among the deputies `shown` on the page, exactly `attending` attended; others are unchanged."""
    shown_ids = {d.pk for d in shown}
    attending_ids = {d.pk for d in attending} & shown_ids
    Attendance.objects.filter(training=training, deputy_id__in=shown_ids - attending_ids).delete()
    have = set(
        Attendance.objects.filter(training=training, deputy_id__in=attending_ids).values_list(
            "deputy_id", flat=True
        )
    )
    Attendance.objects.bulk_create(
        [Attendance(training=training, deputy_id=pk) for pk in sorted(attending_ids - have)]
    )
    return training
