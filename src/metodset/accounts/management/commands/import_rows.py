"""``metodset import people|organizations FILE [--by EMAIL]``: import from XLSX or CSV.

Prints the counts and every rejected row with its reason; exits non-zero when any row
was rejected, so a script notices. Without ``--by`` the import runs as the system.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from metodset.accounts.importing import KINDS, ImportFileError, import_file
from metodset.accounts.models import User


class Command(BaseCommand):
    help = "Import people or organisations from an XLSX or CSV file (columns: see README)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", help="path to an .xlsx or .csv file")
        parser.add_argument("--by", help="e-mail of the person the import is done as")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, change nothing"
        )

    def handle(self, *args, kind: str, file: str, by: str | None, dry_run: bool, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(kind, Path(file), by, dry_run)

    def _import(self, kind: str, path: Path, by: str | None, dry_run: bool) -> None:
        person = None
        if by:
            person = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
            if person is None:
                raise CommandError(_("No active person with e-mail %(email)s.") % {"email": by})
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            report = import_file(
                kind=kind, file=path, filename=path.name, by=person, dry_run=dry_run
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        except PermissionDenied:
            raise CommandError(
                _("%(email)s may not import this kind of data.") % {"email": by}
            ) from None
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
        self.stdout.write(
            _(
                "Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
                "rejected: %(rejected)s"
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
            }
        )
        if report.ignored_columns:
            self.stdout.write(
                _("Columns not recognised and skipped: %(columns)s")
                % {"columns": ", ".join(f"«{c}»" for c in report.ignored_columns)}
            )
        for row in report.invited:
            self.stdout.write(_("Row %(row)s: %(reason)s") % {"row": row.row, "reason": row.reason})
        for row in report.rejected:
            self.stdout.write(_("Row %(row)s: %(reason)s") % {"row": row.row, "reason": row.reason})
        if report.rejected:
            raise CommandError(
                _("Rows rejected: %(count)s. Fix them and import the file again.")
                % {"count": len(report.rejected)}
            )
