"""manage.py h5p_import PATH --title TITLE: check and store an .h5p package, as an editor's upload would."""
from django.core.management.base import BaseCommand, CommandError

from courses.h5p.services import package_store, package_validate
from courses.h5p.validation import PackageRejected


class Command(BaseCommand):
    help = "Import an .h5p package with the same checks as an upload. Prints the new package's id."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .h5p file to import.")
        parser.add_argument("--title", default="", help="What editors see; defaults to the title inside the package.")

    def handle(self, *args, path, title, **options):
        try:
            with open(path, "rb") as upload:
                validated = package_validate(upload=upload)
                package = package_store(validated=validated, title=title)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}")
        except PackageRejected as exc:
            raise CommandError(f"Package refused ({exc.rule}): {exc.message}")
        # Notes go to stderr, so scripts can read the id alone from stdout.
        for note in validated.corrections:
            self.stderr.write(f"Corrected: {note}.")
        for name in validated.skipped:
            self.stderr.write(f"Skipped hidden file, as H5P does: {name}")
        self.stdout.write(str(package.id))
