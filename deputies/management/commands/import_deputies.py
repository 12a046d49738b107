"""import_deputies FILE [--dry-run]: the roster import of the web page, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies import services
from renda.core.xlsx import WorkbookError, read_rows


class Command(BaseCommand):
    help = "Import deputies from the committee's .xlsx roster, all rows or none; --dry-run only checks."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx roster")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report, import nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        today = timezone.localdate()
        try:
            # Read once, from the open file, within the bounds of the web upload: a file too large
            # or hostile is refused before it is loaded, not after.
            with path.open("rb") as stream:
                rows = read_rows(stream)
            if dry_run:
                report = services.roster_check(rows=rows, today=today)
                if not report.ok:
                    self._refuse(report)
                self.stdout.write(
                    _("%(count)d rows are correct; nothing was imported (dry run).")
                    % {"count": len(report.rows)}
                )
                return
            try:
                _report, created = services.roster_import(rows=rows, today=today)
            except services.RosterRefused as exc:
                self._refuse(exc.report)
        except WorkbookError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d deputies were imported.") % {"count": len(created)})
        )

    def _refuse(self, report):
        for problem in report.problems:
            if problem.row is None:
                line = str(problem.message)
            else:
                line = _("Row %(row)s, %(column)s: %(message)s") % {
                    "row": problem.row,
                    "column": problem.column or "-",
                    "message": problem.message,
                }
            self.stderr.write(line)
        raise CommandError(
            _("Nothing was imported: %(count)d problem(s) in %(rows)d row(s).")
            % {"count": len(report.problems), "rows": report.bad_rows}
        )
