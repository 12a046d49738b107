"""Benchmark of the deputies and liaison pages at demo scale and at N times the demo (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/pages.py [--scale 10] [--runs 5] [--database-url URL]

It migrates a scratch database, loads the demo (1x), times each page and counts its SQL queries,
then adds (scale - 1) copies of the demo's deputies, assignments, reception days and opinions and
measures again. Without --database-url the database is a throwaway SQLite file, deleted at the
end; a database given with --database-url is FLUSHED first, so give it a scratch database only
(the DATABASE_URL of your shell is deliberately ignored).

The table shows, per page: the rows behind it, SQL queries and the median time of `--runs`
requests (django.test.Client, signed in as the demo `staff` user) at 1x and at the scale. A page
whose URL does not resolve yet, or that does not answer 200, is reported and skipped.
"""

from datetime import timedelta

from _common import (
    copy_rows,
    demo_database,
    measure_page,
    parse_scaled,
    pk_map,
    print_sizes,
    signed_in,
    stopwatch,
)


def scale_up(copies: int) -> None:
    """Add `copies` copies of the demo's deputies and liaison rows; older copies move back a year each.

    Plain bulk_create, no history rows: this measures reading pages, not the demo loader.
    """
    from django.db import transaction

    from deputies.models import Attendance, Deputy, Mandate
    from liaison.models import Assignment, Opinion, Reception

    base_deputies = list(Deputy.objects.all())
    base_mandates = list(Mandate.objects.values_list("deputy_id", "level", "term_id"))
    base_assignments = list(Assignment.objects.values_list("deputy_id", "station_id", "point_id"))
    base_attendances = list(Attendance.objects.values_list("training_id", "deputy_id"))
    base_receptions = list(Reception.objects.all())
    on_duty = list(Reception.on_duty.through.objects.values_list("reception_id", "deputy_id"))
    present = list(Reception.present.through.objects.values_list("reception_id", "deputy_id"))
    base_opinions = list(Opinion.objects.all())

    for copy in range(1, copies + 1):
        shift = timedelta(days=365 * copy)
        with transaction.atomic():
            deputies = copy_rows(
                Deputy,
                base_deputies,
                skip=("user",),
                birth_date=lambda d, copy=copy: d.birth_date - timedelta(days=copy) if d.birth_date else None,
            )
            deputy_map = pk_map(base_deputies, deputies)
            Mandate.objects.bulk_create(
                [Mandate(deputy_id=deputy_map[d], level=lv, term_id=t) for d, lv, t in base_mandates],
                batch_size=1000,
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(deputy_id=deputy_map[d], station_id=s, point_id=p)
                    for d, s, p in base_assignments
                ],
                batch_size=1000,
            )
            Attendance.objects.bulk_create(
                [Attendance(training_id=t, deputy_id=deputy_map[d]) for t, d in base_attendances],
                batch_size=1000,
            )
            receptions = copy_rows(
                Reception,
                base_receptions,
                date=lambda r, shift=shift: r.date - shift,
                announced_at=lambda r, shift=shift: r.announced_at - shift if r.announced_at else None,
                state=lambda r: Reception.State.HELD if r.state == Reception.State.PLANNED else r.state,
            )
            reception_map = pk_map(base_receptions, receptions)
            for through, pairs in (
                (Reception.on_duty.through, on_duty),
                (Reception.present.through, present),
            ):
                through.objects.bulk_create(
                    [through(reception_id=reception_map[r], deputy_id=deputy_map[d]) for r, d in pairs],
                    batch_size=1000,
                )
            copy_rows(
                Opinion,
                base_opinions,
                reception_id=lambda o, m=reception_map: m[o.reception_id],
                due_date=lambda o, shift=shift: o.due_date - shift if o.due_date else o.due_date,
                feedback_at=lambda o, shift=shift: o.feedback_at - shift if o.feedback_at else o.feedback_at,
            )


def pages():
    """(label, path, rows behind the page) for each page measured; rows is a callable."""
    from deputies.models import Deputy, Training
    from liaison.models import Opinion, Point, Reception, Station

    deputy = Deputy.objects.filter(user__username="deputy").first()
    station = Station.objects.order_by("sort_order").first()
    record_path = f"/deputies/{deputy.pk}/record/" if deputy else "/deputies/0/record/"

    def deputy_rows():
        if deputy is None:
            return 0
        return deputy.attended_receptions.count() + deputy.trainings.count()

    return [
        ("/deputies/", "/deputies/", Deputy.objects.count),
        (
            "/deputies/trainings/coverage/",
            "/deputies/trainings/coverage/",
            Training.attendees.through.objects.count,
        ),
        ("/liaison/", "/liaison/", lambda: Station.objects.count() + Point.objects.count()),
        (
            "/liaison/stations/<pk>/",
            f"/liaison/stations/{station.pk}/" if station else "/liaison/stations/0/",
            lambda: station.receptions.count() if station else 0,
        ),
        ("/liaison/receptions/", "/liaison/receptions/", Reception.objects.count),
        ("/liaison/opinions/", "/liaison/opinions/", Opinion.objects.count),
        ("/deputies/<pk>/record/", record_path, deputy_rows),
    ]


def measure(runs: int) -> dict[str, dict]:
    client = signed_in("staff")
    results = {}
    for label, path, rows in pages():
        results[label] = measure_page(client, path, runs)
        if "note" not in results[label]:
            results[label]["rows"] = rows()
    return results


def main() -> None:
    args = parse_scaled(__doc__)
    with demo_database(args.database_url):
        small = measure(args.runs)
        with stopwatch(f"scaled to {args.scale}x"):
            scale_up(args.scale - 1)
        large = measure(args.runs)
    print()
    print_sizes({"1x": small, f"{args.scale}x": large})


if __name__ == "__main__":
    main()
