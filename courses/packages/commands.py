"""`manage.py <kind>_import PATH --title TITLE`: check and store a package as an editor's upload would."""
from django.core.management.base import BaseCommand, CommandError

from courses.archive import ArchiveRejected


class PackageImportCommand(BaseCommand):
    """Each kind names its file (`what`), its `package_validate` and `package_store`, and may `report` notes."""

    what = ""  # "The .h5p file"
    validate = None
    store = None

    def add_arguments(self, parser):
        parser.add_argument("path", help=f"{self.what} to import.")
        parser.add_argument("--title", default="", help="What editors see; defaults to the title inside the package.")

    def handle(self, *args, path, title, **options):
        try:
            with open(path, "rb") as upload:
                validated = type(self).validate(upload=upload)
                package = type(self).store(validated=validated, title=title)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}")
        except ArchiveRejected as exc:
            raise CommandError(f"Package refused ({exc.rule}): {exc.message}")
        # Notes go to stderr, so scripts can read the id alone from stdout.
        for note in self.notes(validated):
            self.stderr.write(note)
        self.stdout.write(str(package.id))

    def notes(self, validated) -> list[str]:
        return []
