"""manage.py scorm_import PATH --title TITLE: check and store a SCORM zip, as an editor's upload would."""
from django.core.management.base import BaseCommand, CommandError

from courses.scorm.errors import PackageRejected
from courses.scorm.services import package_import


class Command(BaseCommand):
    help = "Import a SCORM 1.2 or 2004 package (.zip) with the same checks as an upload. Prints the new package's id."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The SCORM .zip file to import.")
        parser.add_argument("--title", default="", help="What editors see; defaults to the title inside the package.")

    def handle(self, *args, path, title, **options):
        try:
            with open(path, "rb") as upload:
                package = package_import(upload=upload, title=title)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}")
        except PackageRejected as exc:
            raise CommandError(f"Package refused ({exc.rule}): {exc.message}")
        self.stdout.write(str(package.id))
