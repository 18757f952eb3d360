"""manage.py import_schools FILE.csv [--la Wiltshire --la Swindon]: load the GIAS establishment export."""
from django.core.management.base import BaseCommand, CommandError

from schools import gias
from schools.importer import ImportFileError, schools_import


class Command(BaseCommand):
    help = (
        "Create or update schools from the Get Information About Schools establishment export (CSV, Windows-1252). "
        "Rejected rows are listed with their line number; the rest are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The edubasealldata CSV file downloaded from GIAS.")
        parser.add_argument(
            "--la", action="append", default=[], metavar="NAME",
            help='Import only schools of this local authority ("LA (name)"), e.g. --la Wiltshire --la Swindon.',
        )
        parser.add_argument("--encoding", default=gias.ENCODING, help="The file's encoding (default: cp1252, as GIAS publishes).")

    def handle(self, *args, file, la, encoding, **options):
        try:
            result = schools_import(path=file, local_authorities=la, encoding=encoding)
        except ImportFileError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        for rejected in result.rejected:
            self.stderr.write(f"Rejected {rejected}")
        style = self.style.SUCCESS if not result.rejected else self.style.WARNING
        self.stdout.write(style(result.summary()))
