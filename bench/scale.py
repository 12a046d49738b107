"""Grow a copy of the demo database to N times a county by set-based SQL on PostgreSQL (not a test).

    .venv/bin/python bench/scale.py --database-url postgres://postgres@127.0.0.1:5432/renda_scale \\
        --scale 100 [--profile targets|proportional] [--weight app.Model=F ...] [--reuse] [--verify]
        [--smoke]

It drops and creates that database (give a scratch database only), migrates, loads the demo, grows
it, runs VACUUM ANALYZE on the grown tables, then `rebuild_deadlines` when that command exists, and
prints the rows of every table before and after, the open obligations counted from the records, and
the time each step took. `--reuse` keeps a database that already holds one growth of the same
scale, profile and weights (a row in the table `bench_scale`, whose recorded row counts still
match) and only applies new migrations (then rebuilds the deadlines). `--verify` also proves that
every copied row points into its own copy; `--smoke` renders a few pages of grown objects as the
demo's users and as their copies (`staff-1`, `unit-1`, `deputy-1`; password jixian-demo).

From another benchmark, inside a Django process already connected to a PostgreSQL database that
holds the 1x demo (bench/ is on sys.path when a script runs as `python bench/<name>.py`):

    from scale import grow
    grow(100)   # in place, in one transaction; then VACUUM ANALYZE and rebuild_deadlines

`--scale 1` is the demo as loaded (in any profile), analyzed, indexed and marked for `--reuse`: the
baseline a growth is compared with.

How it grows. Every concrete model of the project is copied k - 1 times by one
`INSERT INTO t (...) SELECT ... FROM t CROSS JOIN generate_series(1, k - 1) AS g` per table, never
row by row through Python. The columns come from the model's _meta, so a column someone adds later
is copied too. Copy g of a row gets:

- primary key old + g * stride, the stride being max(pk) of the table before growth (sequences are
  moved past the new rows with setval afterwards);
- each foreign key to a grown table remapped the same way into copy g of the target (copy g mod k
  when the target grew only k < g times; a unique nullable key then becomes NULL past the target's
  copies), so copy g is a whole county: its townships, units, users, stations, points, deputies,
  suggestions and opinions point at each other and never at another copy. Keys to tables that do
  not grow (terms, sessions, groups, content types, policies) are kept;
- unique keys kept unique: a text column of a unique key gets the suffix "-g" ("吉昌镇-3",
  "县农业农村局-3", "staff-3"; "-gxN" on the N-th growth of the same database); an integer
  column is shifted by the range of its group, max - min + 1: a suggestion's number by its
  sequence's count, so each session's or year's numbering stays gapless 1..k*M (and the
  NumberSequence rows are set to the new last number), a meeting's number within its kind and term;
- every other value as it was: states, dates and deadlines are the demo's, so each table's mix of
  open, overdue and closed rows is the demo's.

A table that is not named grows as much as the largest table it points to (its parent: co-signers,
co-handling units, replies and progress follow their suggestion, opinions their reception day,
progress updates their rectification item), capped where a one-to-one key or a unique pair would
repeat (an assignment never outgrows its deputy). State changes (core_transition) are copied per
content type with object_id remapped like a key of their subject, as often as the subject grew.

Profiles. `targets` (the default) grows a few tables a whole number of times more than the scale,
towards N counties of 1,000 suggestions, 500 rectification items and 2,000 reception days each
(Ji County's demo has 209, 30 and 809: weights 5, 17 and 2), never less than the scale (its 345
deputies of every level stay, rather than 200: a county without deputies would break the copies'
references). At 100x: 34,500 deputies, 104,500 suggestions, 51,000 items, 161,800 reception days,
184,400 opinions and about 40,000 open deadlines. Everything else grows by N: 100x townships,
units, stations, points, users, meetings. `proportional` grows every table by N: 100 counties
exactly like the demo (about 10,000 open deadlines at 100x). `--weight app.Model=F` sets a
table's multiplier of the scale by hand; a fraction makes copies point across counties (a
suggestion's lead deputy from another county than its units), which the report notes. `targets`
weights come from the rows present, so that profile starts from the 1x demo.

Kept at their size: framework tables (content types, permissions, groups, sessions, axes), history
tables (historical*: need not grow), terms and sessions (a province's counties hold their terms and
sessions in step; their suggestions' numbers continue the session's sequence), calendar
corrections, the single-row policies, and what the apps' workflows and scans write about rows:
notifications, outbox, reminders and any other generic-relation table, such as the deadline index,
which `rebuild_deadlines` recomputes from the records.

Constraints stay enforced by PostgreSQL: unique and check constraints on every insert, foreign keys
(Django's are DEFERRABLE INITIALLY DEFERRED) at a SET CONSTRAINTS ALL IMMEDIATE before the commit;
the numbering is checked after growth. On a 2-core machine growth (copies, key checks, commit) takes
about 25 s at 100x proportional and 70-90 s at 100x targets; with creating the database, loading the
demo, VACUUM ANALYZE and rebuild_deadlines the whole run is about 1 and 2.5 minutes.
"""

# SQL here is built from identifiers quoted by the backend (qn) and integers the plan computed; the
# only outside values are bound as parameters.
# ruff: noqa: S608

import json
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from io import StringIO
from urllib.parse import unquote, urlsplit

from _common import arguments, print_table, seed_demo, setup_django

# Tables that keep their size, with the reason shown in the report.
KEPT = {
    "core.term": "shared reference data: every county has the same terms",
    "core.session": "shared reference data: sessions are held in step",
    "core.calendarday": "one official calendar",
    "core.calendaryear": "one official calendar",
    "core.notification": "written by scans and workflows, not data to scale",
    "core.outboxmessage": "written by scans and workflows, not data to scale",
    "core.reminder": "written by the daily scan",
    "proposals.numbersequence": "set from the grown numbers",
}
# Kept tables whose rows the apps write about other rows: what belongs to them is kept too.
WRITTEN_BY_APP = {"core.notification", "core.outboxmessage", "core.reminder"}
FRAMEWORK_APPS = {"contenttypes", "auth", "sessions", "admin", "axes", "sites", "django_celery_beat"}
# Generic-relation tables whose rows are copied with their subject (object_id remapped).
GENERIC_COPIED = {"core.transition"}
# Unique keys whose integer column is the one to shift (instead of suffixing a text column).
SHIFTED_COLUMNS = {"proposals.suggestion": "number"}
# The `targets` profile: rows per county at 1x (the tables below them follow their parents).
TARGETS_PER_COUNTY = {
    "deputies.deputy": 200,
    "proposals.suggestion": 1000,
    "supervision.rectificationitem": 500,
    "liaison.reception": 2000,
}
MARKER = "bench_scale"


@dataclass
class Plan:
    """How many times each table grows, and how each copied column is computed."""

    scale: int
    factors: dict = field(default_factory=dict)  # model -> k (1: kept)
    kept: dict = field(default_factory=dict)  # model -> why it keeps its size
    strides: dict = field(default_factory=dict)  # model -> max(pk) before growth
    suffixed: dict = field(default_factory=dict)  # model -> {column names}
    shifted: dict = field(default_factory=dict)  # model -> {column name: partition columns}

    def k(self, model) -> int:
        return self.factors.get(model, 1)


# ---------------------------------------------------------------------------------------------
# The models and their keys


def label(model) -> str:
    return model._meta.label_lower


def candidate_models() -> list:
    """Every model with a table of its own in the database (a model whose migration is not written
    or applied yet is left out)."""
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped and m._meta.db_table in tables
    ]


def why_kept(model) -> str | None:
    """Why a table keeps its size, or None when it grows."""
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.db import models

    opts = model._meta
    if opts.app_label in FRAMEWORK_APPS:
        return "framework table"
    if is_history(model):
        return "history (need not grow)"
    if label(model) in KEPT:
        return KEPT[label(model)]
    if (
        any(isinstance(f, GenericForeignKey) for f in opts.private_fields)
        and label(model) not in GENERIC_COPIED
    ):
        return "generic relation written by the app (rebuilt or rescanned)"
    if opts.parents:
        return "multi-table inheritance is not copied"
    if not isinstance(opts.pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
        return "primary key is not an integer sequence"
    if callable(getattr(model, "current", None)) or any(
        isinstance(c, models.CheckConstraint) and _is_single_row(c) for c in opts.constraints
    ):
        # The project's settings rows: one row read through Model.current().
        return "single row"
    return None


def is_history(model) -> bool:
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges) or model.__name__.startswith("Historical")


def _is_single_row(check) -> bool:
    condition = getattr(check, "condition", None) or getattr(check, "check", None)
    children = getattr(condition, "children", [])
    return len(children) == 1 and children[0] in (("pk", 1), ("id", 1))


def foreign_keys(model) -> list:
    return [f for f in model._meta.local_concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def generic_ids(model) -> set[str]:
    """The object-id fields of the generic relations copied with their subject (remapped like a key)."""
    from django.contrib.contenttypes.fields import GenericForeignKey

    if label(model) not in GENERIC_COPIED:
        return set()
    return {f.fk_field for f in model._meta.private_fields if isinstance(f, GenericForeignKey)}


def unique_sets(model) -> list[list]:
    """Every set of fields the database keeps unique on the table (conditions ignored: stricter)."""
    from django.db import models

    opts = model._meta
    sets = [[f] for f in opts.local_concrete_fields if f.unique and not f.primary_key]
    for names in opts.unique_together:
        sets.append([opts.get_field(n) for n in names])
    for c in opts.constraints:
        if isinstance(c, models.UniqueConstraint):
            names = list(c.fields) or sorted(_referenced_names(c.expressions))
            sets.append([opts.get_field(n) for n in names])
    return sets


def _referenced_names(expressions) -> set[str]:
    from django.db.models import F

    names = set()
    for e in expressions:
        if isinstance(e, F):
            names.add(e.name)
        elif hasattr(e, "get_source_expressions"):
            names |= _referenced_names(e.get_source_expressions())
    return names


def _text_column(f) -> bool:
    from django.db import models

    return isinstance(f, models.CharField | models.TextField) and not f.choices and not f.is_relation


def _integer_column(f) -> bool:
    from django.db import models

    return (
        isinstance(f, models.IntegerField)
        and not f.is_relation
        and not f.primary_key
        and not f.choices
        and f.name != "year"
    )


def _fixable(model, fields) -> object | None:
    """The column of a unique key to suffix or shift, or None."""
    wanted = SHIFTED_COLUMNS.get(label(model))
    for f in fields:
        if f.name == wanted:
            return f
    for f in fields:
        if _text_column(f):
            return f
    for f in fields:
        if _integer_column(f):
            return f
    return None


# ---------------------------------------------------------------------------------------------
# The plan


def make_plan(scale: int, weights: dict[str, float] | None = None) -> Plan:
    """How much each table grows: `weights` multiply the scale of the named tables (app.model);
    a table not named grows like the largest table it points to (its parent), or by the scale;
    unique keys cap a table at the size that keeps them unique."""
    from django.db import connection

    weights = {k.lower(): v for k, v in (weights or {}).items()}
    plan = Plan(scale=scale)
    models = candidate_models()
    for m in models:
        if reason := why_kept(m):
            plan.kept[m] = reason
    # A row that must belong to a row written by the app (a delivery attempt of an outbox message)
    # keeps its size with it; rows pointing at reference data that keeps its size still grow.
    followed = {m for m in plan.kept if label(m) in WRITTEN_BY_APP or "generic relation" in plan.kept[m]}
    changed = True
    while changed:
        changed = False
        for m in models:
            if m in plan.kept:
                continue
            parents = [f.related_model for f in foreign_keys(m) if not f.null and f.related_model in followed]
            if parents:
                plan.kept[m] = f"belongs to {label(parents[0])}, which keeps its size"
                followed.add(m)
                changed = True
    grown = [m for m in models if m not in plan.kept]
    unknown = set(weights) - {label(m) for m in grown}
    if unknown:
        raise SystemExit(f"--weight names a table that does not grow or does not exist: {sorted(unknown)}")

    explicit = {m: max(1, round(scale * weights[label(m)])) for m in grown if label(m) in weights}
    k = {m: explicit.get(m, scale) for m in grown}

    def target(f):
        t = f.related_model
        return t if t in k and t is not f.model else None

    for _round in range(50):
        changed = False
        for m in grown:
            if m in explicit:
                new = explicit[m]
            else:
                parents = [k[t] for f in foreign_keys(m) if (t := target(f))]
                new = max(parents) if parents else scale
            for fields in unique_sets(m):
                if any(f.primary_key or f.name in generic_ids(m) for f in fields) or _fixable(m, fields):
                    continue
                if len(fields) == 1 and fields[0].is_relation and fields[0].null:
                    continue  # a nullable one-to-one becomes NULL past its target's copies
                fks = [f for f in fields if f.is_relation and target(f)]
                new = min(new, max((k[target(f)] for f in fks), default=1))
            if new != k[m]:
                k[m], changed = new, True
        if not changed:
            break
    else:  # pragma: no cover
        raise RuntimeError("the growth plan does not settle")

    with connection.cursor() as cursor:
        for m in grown:
            cursor.execute(f"SELECT max({qn(m._meta.pk.column)}) FROM {qn(m._meta.db_table)}")
            plan.strides[m] = cursor.fetchone()[0] or 0
    for m in grown:
        if k[m] <= 1:
            plan.kept[m] = "a unique key cannot be kept unique in copies"
            continue
        plan.factors[m] = k[m]
    for m in plan.factors:
        for fields in unique_sets(m):
            if any(f.primary_key or f.name in generic_ids(m) for f in fields):
                continue
            injective = [
                f for f in fields if f.is_relation and target(f) and plan.k(f.related_model) >= plan.k(m)
            ]
            if injective:
                continue
            if len(fields) == 1 and fields[0].is_relation and fields[0].null:
                continue
            f = _fixable(m, fields)
            if f is None:
                raise RuntimeError(f"{label(m)}: no way to keep {[x.name for x in fields]} unique")
            if _text_column(f) and f.name != SHIFTED_COLUMNS.get(label(m)):
                plan.suffixed.setdefault(m, set()).add(f.column)
            else:
                plan.shifted.setdefault(m, {})[f.column] = [x.column for x in fields if x is not f]
    return plan


# ---------------------------------------------------------------------------------------------
# The SQL


def qn(name: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(name)


def _suffix(generation: int) -> str:
    return "('-' || g::text)" if generation <= 1 else f"('-' || g::text || 'x{generation}')"


def column_expressions(plan: Plan, model, k_self: int, generation: int, *, remap: dict | None = None):
    """(column, SQL expression over source row `s` and copy number `g`) for every column."""
    remap = remap or {}
    suffix = _suffix(generation)
    out = []
    for f in model._meta.local_concrete_fields:
        col = f.column
        src = f"s.{qn(col)}"
        if col in remap:
            expr = remap[col]
        elif f.primary_key:
            expr = f"{src} + g * {plan.strides[model]}"
        elif f.is_relation and f.unique and f.null and plan.k(f.related_model) < k_self:
            # A nullable one-to-one: copies past the target's own copies point at nothing.
            kt = plan.k(f.related_model)
            expr = (
                f"CASE WHEN g < {kt} THEN {src} + g * {plan.strides[f.related_model]} END"
                if kt > 1
                else "NULL"
            )
        elif f.is_relation and plan.k(f.related_model) > 1:
            t = f.related_model
            if not f.target_field.primary_key:
                raise RuntimeError(f"{label(model)}.{f.name} points at a column that is not a key")
            kt, stride = plan.k(t), plan.strides[t]
            expr = f"{src} + g * {stride}" if kt >= k_self else f"{src} + (g % {kt}) * {stride}"
        elif col in plan.suffixed.get(model, ()):
            width = getattr(f, "max_length", None)
            expr = f"left({src}, {width} - length({suffix})) || {suffix}" if width else f"{src} || {suffix}"
        elif col in plan.shifted.get(model, {}):
            expr = f"{src} + g * s.{qn('__span_' + col)}"
        else:
            expr = src
        out.append((col, expr))
    return out


def copy_sql(plan: Plan, model, k_self: int, generation: int, *, where: str = "", remap=None) -> str:
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    cols = column_expressions(plan, model, k_self, generation, remap=remap)
    spans = "".join(
        f", max({qn(c)}) OVER w{i} - min({qn(c)}) OVER w{i} + 1 AS {qn('__span_' + c)}"
        for i, c in enumerate(plan.shifted.get(model, {}))
    )
    windows = ", ".join(
        f"w{i} AS ({'PARTITION BY ' + ', '.join(qn(p) for p in parts) if parts else ''})"
        for i, parts in enumerate(plan.shifted.get(model, {}).values())
    )
    condition = f"{pk} <= {plan.strides[model]}" + (f" AND ({where})" if where else "")
    source = f"SELECT *{spans} FROM {table} WHERE {condition}" + (f" WINDOW {windows}" if windows else "")
    return (
        f"INSERT INTO {table} ({', '.join(qn(c) for c, _e in cols)}) "
        f"SELECT {', '.join(e for _c, e in cols)} FROM ({source}) AS s "
        f"CROSS JOIN generate_series(1, {k_self - 1}) AS g ORDER BY g, s.{pk}"
    )


def generic_copies(plan: Plan, model, generation: int) -> list[tuple[str, object]]:
    """One statement per grown content type of a generic-relation table such as core_transition."""
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    gfk = next(f for f in model._meta.private_fields if isinstance(f, GenericForeignKey))
    ct_column = model._meta.get_field(gfk.ct_field).column
    id_column = model._meta.get_field(gfk.fk_field).column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {qn(ct_column)} FROM {qn(model._meta.db_table)}")
        present = [row[0] for row in cursor.fetchall()]
    statements = []
    for ct_id in sorted(present):
        subject = ContentType.objects.get_for_id(ct_id).model_class()
        k_subject = plan.k(subject) if subject is not None else 1
        if subject is model or k_subject <= 1:
            continue
        remap = {
            ct_column: f"s.{qn(ct_column)}",
            id_column: f"s.{qn(id_column)} + g * {plan.strides[subject]}",
        }
        sql = copy_sql(plan, model, k_subject, generation, where=f"{qn(ct_column)} = {ct_id}", remap=remap)
        statements.append((sql, subject))
    return statements


def table_counts(models) -> dict:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for m in models:
            cursor.execute(f"SELECT count(*) FROM {qn(m._meta.db_table)}")
            counts[m] = cursor.fetchone()[0]
    return counts


# ---------------------------------------------------------------------------------------------
# Growing


def grow(
    scale: int,
    *,
    weights: dict[str, float] | None = None,
    profile: str = "targets",
    analyze: bool = True,
    rebuild: bool = True,
    verify: bool = False,
    verbose: bool = True,
) -> dict:
    """Grow the connected PostgreSQL database in place to `scale` times its rows (see the module).

    One transaction: on any error nothing is left half-grown. `verify` also proves, for every
    foreign key, that each copied row points into its own copy (verify_copies). Returns before/after
    row counts per model and the plan; prints the table when `verbose`.
    """
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        raise SystemExit("bench/scale.py grows PostgreSQL databases only")
    if scale < 1:
        raise ValueError("scale must be at least 1")
    generation = _marker_generation() + 1
    extra_weights = {k.lower(): v for k, v in (weights or {}).items()}
    if profile not in ("targets", "proportional"):
        raise ValueError(f"unknown profile {profile!r}")
    if scale == 1:
        pass  # the demo as loaded, in every profile: a baseline to compare a growth with
    elif profile == "targets":
        if generation > 1:
            raise SystemExit("the targets profile starts from the 1x demo; this database is grown already")
        weights = {**targets_weights(), **extra_weights}
    timings = {}
    start = time.perf_counter()
    models = [m for m in candidate_models() if not is_history(m)]
    before = table_counts(models)
    plan = make_plan(scale, weights) if scale > 1 else Plan(scale=1)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            for m, k in plan.factors.items():
                if not before[m]:
                    continue
                t = time.perf_counter()
                if label(m) in GENERIC_COPIED:
                    for sql, _subject in generic_copies(plan, m, generation):
                        cursor.execute(sql)
                else:
                    cursor.execute(copy_sql(plan, m, k, generation))
                timings[label(m)] = time.perf_counter() - t
            for m in plan.factors:
                # setval(NULL, ...) is NULL: a table without a sequence is passed over.
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), max({qn(m._meta.pk.column)})) "
                    f"FROM {qn(m._meta.db_table)} HAVING max({qn(m._meta.pk.column)}) IS NOT NULL",
                    [m._meta.db_table, m._meta.pk.column],
                )
            number_sequences_follow(cursor)
            copied = time.perf_counter() - start
            t = time.perf_counter()
            # Deferred foreign keys are checked here rather than at the commit, to time them apart.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            timings["foreign key checks"] = time.perf_counter() - t
            check_numbering(cursor)
            if verify:
                t = time.perf_counter()
                verify_copies(plan, before, cursor)
                timings["copy checks"] = time.perf_counter() - t
        after = table_counts(models)
        write_marker(scale, profile, extra_weights, plan, after, fresh=generation == 1)
    grown_in = time.perf_counter() - start
    maintenance = 0.0
    if analyze:
        # Every table, grown or not, so that a 1x baseline is as settled as its growth.
        t = time.perf_counter()
        analyze_tables(models)
        maintenance = time.perf_counter() - t
    rebuilt = None
    if rebuild:
        rebuilt = rebuild_deadlines(verbose=verbose)
        rebuilt_after = table_counts(models)  # the deadline index as rebuilt
        if analyze:
            t = time.perf_counter()
            analyze_tables([m for m in models if rebuilt_after[m] != after[m]])
            maintenance += time.perf_counter() - t
        after = rebuilt_after
    report = {
        "before": before,
        "after": after,
        "plan": plan,
        "timings": timings,
        "copy_s": copied,
        "grow_s": grown_in,
        "analyze_s": maintenance,
        "rebuild": rebuilt,
    }
    if verbose and scale == 1:
        print("scale 1: the demo as loaded, nothing copied")
    odd = sorted(f"{label(m)} k={k}" for m, k in plan.factors.items() if k % scale and before[m])
    if verbose:
        print_report(report)
        if odd:
            print(f"note: not a multiple of the scale, so their copies point across counties: {odd}")
    return report


def verify_copies(plan: Plan, before: dict, cursor) -> None:
    """Every copied row's foreign keys (and a copied state change's subject) point into the copy
    they belong to: copy g of a row has pk in (g * stride, (g + 1) * stride], and so must its parent
    (copy g mod k of a parent that grew k < g times, or NULL past it for a unique nullable key)."""
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType

    failures = []
    for m, k in plan.factors.items():
        if not before.get(m):
            continue
        table, pk, stride = qn(m._meta.db_table), qn(m._meta.pk.column), plan.strides[m]
        copy_of = f"(c.{pk} - 1) / {stride}"
        # (filter, factor, what) per group of rows copied together: a generic table's rows are
        # copied with their subject, as often as it.
        groups = [("TRUE", k, label(m))]
        gfk = next((f for f in m._meta.private_fields if isinstance(f, GenericForeignKey)), None)
        if gfk is not None:
            ct_col, id_col = m._meta.get_field(gfk.ct_field).column, m._meta.get_field(gfk.fk_field).column
            cursor.execute(f"SELECT DISTINCT {qn(ct_col)} FROM {table}")
            groups = []
            for (ct_id,) in cursor.fetchall():
                subject = ContentType.objects.get_for_id(ct_id).model_class()
                if plan.k(subject) <= 1:
                    continue
                where = f"c.{qn(ct_col)} = {int(ct_id)}"
                groups.append((where, plan.k(subject), f"{label(m)} of {label(subject)}"))
                cursor.execute(
                    f"SELECT count(*) FROM {table} c WHERE {where} AND c.{pk} > {stride} "
                    f"AND {copy_of} <> (c.{qn(id_col)} - 1) / {plan.strides[subject]}"
                )
                if bad := cursor.fetchone()[0]:
                    failures.append(f"{label(m)} of {label(subject)}: {bad}")
        for where, k_rows, what in groups:
            for f in foreign_keys(m):
                t = f.related_model
                kt = plan.k(t)
                if kt <= 1:
                    continue
                expected = copy_of if kt >= k_rows else f"{copy_of} % {kt}"
                target_copy = f"(p.{qn(t._meta.pk.column)} - 1) / {plan.strides[t]}"
                cursor.execute(
                    f"SELECT count(*) FROM {table} c JOIN {qn(t._meta.db_table)} p "
                    f"ON p.{qn(t._meta.pk.column)} = c.{qn(f.column)} "
                    f"WHERE {where} AND c.{pk} > {stride} AND {expected} <> {target_copy}"
                )
                if bad := cursor.fetchone()[0]:
                    failures.append(f"{what}.{f.name}: {bad}")
    if failures:
        raise RuntimeError(f"copies pointing outside their copy: {failures}")


def targets_weights() -> dict[str, float]:
    """Whole weights that take the rows present (the 1x demo) nearest to TARGETS_PER_COUNTY times the
    scale, never below it.

    Whole multiples keep every county whole: copy g of any table then belongs to county g mod scale,
    and so does every row it points to (g mod k is g mod scale when k is a multiple of the scale).
    A table grown less than the scale would leave counties without it: Ji County's 345 deputies of
    every level stay 345 per county rather than 200, so that every county has its deputies.
    """
    from django.apps import apps

    weights = {}
    for name, per_county in TARGETS_PER_COUNTY.items():
        try:
            model = apps.get_model(name)
        except LookupError:
            continue
        rows = model.objects.count()
        if rows:
            weights[name] = max(1, round(per_county / rows))
    return weights


def number_sequences_follow(cursor) -> None:
    """Each suggestion-numbering sequence's `last` becomes the highest number given in it."""
    try:
        from proposals.models import NumberSequence, Suggestion
    except ImportError:  # pragma: no cover
        return
    seq, sug = NumberSequence._meta, Suggestion._meta
    cursor.execute(
        f"UPDATE {qn(seq.db_table)} AS ns SET {qn('last')} = m.top "
        f"FROM (SELECT {qn('sequence')} AS key, max({qn('number')}) AS top FROM {qn(sug.db_table)} "
        f"WHERE {qn('number')} IS NOT NULL GROUP BY 1) AS m "
        f"WHERE ns.{qn('key')} = m.key AND ns.{qn('last')} < m.top"
    )


def check_numbering(cursor) -> None:
    """Numbers in each sequence are 1..n without gaps or repeats, and the sequence row says n."""
    try:
        from proposals.models import NumberSequence, Suggestion
    except ImportError:  # pragma: no cover
        return
    seq, sug = NumberSequence._meta, Suggestion._meta
    cursor.execute(
        f"SELECT s.sequence, count(*), count(DISTINCT s.number), min(s.number), max(s.number), "
        f"max(ns.{qn('last')}) FROM {qn(sug.db_table)} s LEFT JOIN {qn(seq.db_table)} ns "
        f"ON ns.{qn('key')} = s.sequence WHERE s.number IS NOT NULL GROUP BY s.sequence "
        f"HAVING count(*) <> max(s.number) OR count(DISTINCT s.number) <> count(*) OR min(s.number) <> 1 "
        f"OR max(ns.{qn('last')}) IS DISTINCT FROM max(s.number)"
    )
    bad = cursor.fetchall()
    if bad:
        raise RuntimeError(f"suggestion numbering is not gapless after growth: {bad[:5]}")


def analyze_tables(models) -> None:
    """VACUUM ANALYZE the grown tables (outside a transaction; plain ANALYZE inside one), so plans
    and index-only scans see a settled table, as autovacuum would leave it."""
    from django.db import connection

    tables = ", ".join(qn(m._meta.db_table) for m in models)
    if not tables:
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")


def rebuild_deadlines(*, verbose: bool = True) -> str | None:
    """Run `rebuild_deadlines` when the command exists; its output (None when it does not)."""
    from django.core.management import call_command, get_commands

    if "rebuild_deadlines" not in get_commands():
        if verbose:
            print("rebuild_deadlines: no such command yet, skipped")
        return None
    out = StringIO()
    start = time.perf_counter()
    call_command("rebuild_deadlines", stdout=out, stderr=out)
    text = out.getvalue().strip()
    if verbose:
        lines = text.splitlines()
        print(f"rebuild_deadlines in {time.perf_counter() - start:.1f} s, {len(lines)} lines of output:")
        # Copies have no index rows until this rebuild: it reports each as missing, then writes it.
        shown = (
            lines if len(lines) <= 8 else [*lines[:3], f"... {len(lines) - 8} more lines ...", *lines[-5:]]
        )
        for line in shown:
            print(f"  {line}")
    return text


# ---------------------------------------------------------------------------------------------
# The marker: what growth a database holds, for --reuse


def _ensure_marker(cursor) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {MARKER} (generation serial PRIMARY KEY, scale integer NOT NULL, "
        "profile text NOT NULL, weights jsonb, counts jsonb NOT NULL, grown_at timestamptz DEFAULT now())"
    )


MARKED_TABLES = ("deputies.deputy", "proposals.suggestion", "liaison.opinion", "accounts.user")


def growths() -> list[dict]:
    """The growths the database holds, oldest first; empty when there is no marker, or when the rows
    no longer match the last one (the database was flushed and reloaded since: the marker is stale)."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return []
        cursor.execute(f"SELECT scale, profile, weights, counts FROM {MARKER} ORDER BY generation")
        rows = [
            {"scale": sc, "profile": pr, "weights": _json(w) or {}, "counts": _json(c)}
            for sc, pr, w, c in cursor.fetchall()
        ]
    if not rows:
        return []
    for name in MARKED_TABLES:
        try:
            model = apps.get_model(name)
        except LookupError:
            continue
        if name in rows[-1]["counts"] and model.objects.count() != rows[-1]["counts"][name]:
            return []
    return rows


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _marker_generation() -> int:
    return len(growths())


def write_marker(scale, profile, weights, plan, counts, *, fresh: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        _ensure_marker(cursor)
        if fresh:
            cursor.execute(f"DELETE FROM {MARKER}")  # stale, if any: the rows were reloaded since
        cursor.execute(
            f"INSERT INTO {MARKER} (scale, profile, weights, counts) VALUES (%s, %s, %s, %s)",
            [
                scale,
                profile,
                json.dumps(weights or {}),
                json.dumps({label(m): n for m, n in counts.items() if m in plan.factors}),
            ],
        )


def reusable(scale: int, profile: str, weights: dict[str, float]) -> bool:
    """The database holds exactly one growth of this scale, profile and weights, its rows still there."""
    held = growths()
    return len(held) == 1 and (held[0]["scale"], held[0]["profile"], held[0]["weights"]) == (
        scale,
        profile,
        weights,
    )


# ---------------------------------------------------------------------------------------------
# The report


def print_report(report: dict) -> None:
    plan, before, after = report["plan"], report["before"], report["after"]
    lines = []
    for m in sorted(before, key=lambda m: m._meta.db_table):
        if m._meta.app_label in FRAMEWORK_APPS and before[m] == after[m]:
            continue
        ratio = f"{after[m] / before[m]:.1f}x" if before[m] else ""
        note = plan.kept.get(m, "")
        if m in plan.factors and plan.factors[m] != plan.scale:
            note = f"k={plan.factors[m]}"
        if label(m) in report["timings"]:
            note = (note + "  " if note else "") + f"{report['timings'][label(m)]:.1f} s"
        lines.append([m._meta.db_table, str(before[m]), str(after[m]), ratio, note])
    print()
    print_table(["table", "before", "after", "x", "note"], lines)
    counted = [m for m in before if m._meta.app_label not in FRAMEWORK_APPS]
    total_before = sum(before[m] for m in counted)
    total_after = sum(after[m] for m in counted)
    print(f"\nrows: {total_before:,} -> {total_after:,} (framework and history tables not counted)")
    checks = (
        f", copies verified in {report['timings']['copy checks']:.1f} s"
        if "copy checks" in report["timings"]
        else ""
    )
    print(
        f"copied in {report['copy_s']:.1f} s, foreign keys checked in "
        f"{report['timings'].get('foreign key checks', 0):.1f} s{checks}, grown and committed in "
        f"{report['grow_s']:.1f} s; VACUUM ANALYZE in {report['analyze_s']:.1f} s"
    )


def open_deadlines() -> list[tuple[str, int]]:
    """The open obligations counted from the apps' records (a cross-check of the deadline index)."""
    from django.db.models import Q

    rows = []
    try:
        from proposals.models import AWAITING_REPLY, CoHandling, Reply, Suggestion

        rows.append(
            ("suggestions awaiting a reply", Suggestion.objects.filter(state__in=AWAITING_REPLY).count())
        )
        rows.append(
            (
                "co-handling opinions not sent",
                CoHandling.objects.filter(sent_at__isnull=True, suggestion__state__in=AWAITING_REPLY).count(),
            )
        )
        rows.append(("replies not rated", Reply.objects.filter(satisfaction="").count()))
    except ImportError:  # pragma: no cover
        pass
    try:
        from liaison.models import Opinion

        rows.append(("opinions forwarded to a unit", Opinion.objects.filter(state="forwarded").count()))
    except ImportError:  # pragma: no cover
        pass
    try:
        from supervision.models import RectificationItem, ReviewOpinion

        rows.append(
            (
                "rectification items open",
                RectificationItem.objects.filter(state__in=["not_started", "in_progress"]).count(),
            )
        )
        rows.append(
            (
                "review opinions awaiting report",
                ReviewOpinion.objects.filter(Q(state="sent") | Q(state="rectifying_again")).count(),
            )
        )
    except ImportError:  # pragma: no cover
        pass
    try:
        from meetings.models import FollowUpTask

        rows.append(("follow-up tasks open", FollowUpTask.objects.filter(state="open").count()))
    except ImportError:  # pragma: no cover
        pass
    return rows


# ---------------------------------------------------------------------------------------------
# The command line


def database_parts(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("--database-url must be a postgres:// URL")
    return {
        "dbname": unquote(parts.path.lstrip("/")),
        "user": unquote(parts.username or "") or None,
        "password": unquote(parts.password or "") or None,
        "host": parts.hostname or None,
        "port": parts.port or None,
    }


def _maintenance_connection(url: str):
    import psycopg2

    parts = database_parts(url)
    parts = {k: v for k, v in parts.items() if v is not None}
    parts["dbname"] = "postgres"
    connection = psycopg2.connect(**parts)
    connection.autocommit = True
    return connection


def database_exists(url: str) -> bool:
    name = database_parts(url)["dbname"]
    with _maintenance_connection(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def recreate_database(url: str) -> None:
    from psycopg2 import sql

    name = database_parts(url)["dbname"]
    if not re.fullmatch(r"[A-Za-z0-9_]+", name) or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to drop database {name!r}")
    connection = _maintenance_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def parse_weights(items: list[str]) -> dict[str, float]:
    weights = {}
    for item in items:
        name, _sep, value = item.partition("=")
        try:
            weights[name.strip().lower()] = float(value)
        except ValueError:
            raise SystemExit(f"--weight {item!r}: expected app.Model=factor") from None
    return weights


def smoke(plan_scale: int) -> bool:
    """A few pages of grown objects, as the demo's users and as their first copies; True if all 200."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from deputies.models import Deputy
    from liaison.models import Opinion
    from proposals.models import Suggestion
    from renda.accounts.models import User
    from supervision.models import RectificationItem

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the expected 404 is not news
    checks = [
        ("staff", "/proposals/"),
        ("staff", "/supervision/"),
        ("staff", "/liaison/opinions/"),
        ("staff", "/deputies/"),
        ("staff", "/liaison/"),
    ]
    for model in (Suggestion, Deputy, Opinion, RectificationItem):
        last = model.objects.order_by("-pk").first()
        if last is not None:
            checks.append(("staff", last.get_absolute_url()))
    if plan_scale > 1:
        unit_user = User.objects.filter(username="unit-1").first()
        if unit_user and unit_user.unit_id:
            mine = Suggestion.objects.filter(lead_unit_id=unit_user.unit_id).order_by("pk").first()
            if mine:
                checks.append(("unit-1", mine.get_absolute_url()))
            theirs = Suggestion.objects.exclude(lead_unit_id=unit_user.unit_id).exclude(
                co_units=unit_user.unit_id
            )
            other = theirs.filter(lead_unit__isnull=False).order_by("pk").first()
            if other:
                checks.append(("unit-1", other.get_absolute_url(), 404))
        deputy_user = User.objects.filter(username="deputy-1").first()
        if deputy_user:
            led = Suggestion.objects.filter(lead_deputy__user=deputy_user).order_by("pk").first()
            if led:
                checks.append(("deputy-1", led.get_absolute_url()))
        checks.append(("staff-1", "/proposals/"))
    ok = True
    clients = {}
    for check in checks:
        username, path, expected = (*check, 200)[:3]
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        response = clients[username].get(path)
        good = response.status_code == expected
        ok &= good
        print(f"  {'ok ' if good else 'BAD'} {username:<9} GET {path} -> {response.status_code}")
    return ok


def main() -> None:
    parser = arguments(__doc__, scale=True, runs=False)
    parser.set_defaults(scale=100, database_url="postgres://postgres@127.0.0.1:5432/renda_scale")
    parser.add_argument(
        "--profile", choices=["targets", "proportional"], default="targets", help="How tables grow (targets)."
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="app.Model=F",
        help="A table's multiplier of the scale.",
    )
    parser.add_argument("--reuse", action="store_true", help="Keep a database already grown the same way.")
    parser.add_argument("--smoke", action="store_true", help="Render a few pages of grown objects.")
    parser.add_argument(
        "--verify", action="store_true", help="Prove every copied foreign key points into its own copy."
    )
    args = parser.parse_args()
    weights = parse_weights(args.weight)

    start = time.perf_counter()
    if args.reuse and database_exists(args.database_url):
        setup_django(args.database_url)
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if reusable(args.scale, args.profile, weights):
            if pending:
                call_command("migrate", verbosity=0)
                print(f"reused {args.database_url}; applied {len(pending)} new migrations")
                rebuild_deadlines()
            else:
                print(f"reused {args.database_url} (grown {args.scale}x, {args.profile})")
            finish(args, start)
            return
        print("the database holds no matching growth: recreating it")
        connection.close()
        recreate_database(args.database_url)
    else:
        recreate_database(args.database_url)
        setup_django(args.database_url)
    t = time.perf_counter()
    seed_demo(flush=False)
    print(f"migrated and loaded the demo in {time.perf_counter() - t:.1f} s ({args.database_url})")
    grow(args.scale, weights=weights, profile=args.profile, verify=args.verify)
    finish(args, start)


def index_counts() -> list[tuple[str, int]] | None:
    """Open rows of the deadline index by kind, or None while there is no index."""
    from django.apps import apps
    from django.db.models import Count

    try:
        deadline = apps.get_model("core", "Deadline")
    except LookupError:
        return None
    if deadline._meta.db_table not in {m._meta.db_table for m in candidate_models()}:
        return None
    rows = deadline.objects.filter(closed_at__isnull=True).values("kind").annotate(n=Count("pk"))
    return [(r["kind"], r["n"]) for r in rows.order_by("kind")]


def finish(args, start: float) -> None:
    counted = open_deadlines()
    print("\nopen obligations counted from the records (a rough cross-check):")
    for what, n in counted:
        print(f"  {what:<34} {n:>8,}")
    print(f"  {'total':<34} {sum(n for _w, n in counted):>8,}")
    indexed = index_counts()
    if indexed is not None:
        print("open deadlines in the index:")
        for kind, n in indexed:
            print(f"  {kind:<34} {n:>8,}")
        print(f"  {'total':<34} {sum(n for _k, n in indexed):>8,}")
    ok = True
    if args.smoke:
        print("\npages:")
        ok = smoke(args.scale)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
