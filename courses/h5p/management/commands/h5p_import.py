"""manage.py h5p_import PATH --title TITLE: check and store an .h5p package, as an editor's upload would."""
from courses.h5p.services import package_store, package_validate
from courses.packages.commands import PackageImportCommand


class Command(PackageImportCommand):
    help = "Import an .h5p package with the same checks as an upload. Prints the new package's id."
    what = "The .h5p file"
    validate = staticmethod(package_validate)
    store = staticmethod(package_store)

    def notes(self, validated) -> list[str]:
        return [
            *(f"Corrected: {note}." for note in validated.corrections),
            *(f"Skipped hidden file, as H5P does: {name}" for name in validated.skipped),
        ]
