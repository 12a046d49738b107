"""Recompute the deadline index from every app's own records; `--check` only reports what differs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from renda.core.deadlines import COMPARED, deadline_kinds, rebuild_deadlines


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    return date_format(value, "DATE_FORMAT") if hasattr(value, "isoformat") else str(value)


class Command(BaseCommand):
    help = "Recompute the deadline index from the apps' records (idempotent); --check changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Change nothing; print every difference and exit 1 if any."
        )
        parser.add_argument("--kind", action="append", help="Only this kind (may be repeated).")

    def handle(self, *args, **options):
        kinds = options["kind"]
        unknown = set(kinds or ()) - set(deadline_kinds())
        if unknown:
            raise CommandError(f"Unknown deadline kind: {', '.join(sorted(unknown))}")
        with translation.override("zh-hans"):
            found = rebuild_deadlines(check=options["check"], kinds=kinds)
            for diff in found:
                self._report(diff)
            total = sum(len(d.missing) + len(d.stale) + len(d.extra) for d in found)
            if options["check"]:
                if total:
                    self.stderr.write(
                        _("The deadline index differs from the records in %(n)d rows.") % {"n": total}
                    )
                    raise SystemExit(1)
                self.stdout.write(_("The deadline index agrees with the records."))
            else:
                self.stdout.write(_("Deadline index rebuilt: %(n)d rows written.") % {"n": total})

    def _report(self, diff):
        label = str(diff.kind.label)
        for row in diff.missing:
            self.stdout.write(
                _("%(kind)s #%(id)s: missing from the index (due %(due)s, “%(title)s”)")
                % {"kind": label, "id": row.object_id, "due": _value(row.due), "title": row.title}
            )
        for row, want, changed in diff.stale:
            parts = "; ".join(
                _("%(field)s %(have)s, should be %(want)s")
                % {
                    "field": str(row._meta.get_field(name).verbose_name),
                    "have": _value(getattr(row, name)),
                    "want": _value(getattr(want, name)),
                }
                for name in changed
                if name in COMPARED
            )
            self.stdout.write(
                _("%(kind)s #%(id)s: %(parts)s") % {"kind": label, "id": row.object_id, "parts": parts}
            )
        for row in diff.extra:
            self.stdout.write(
                _("%(kind)s #%(id)s: open in the index, but nothing is owed any more (due %(due)s)")
                % {"kind": label, "id": row.object_id, "due": _value(row.due)}
            )
