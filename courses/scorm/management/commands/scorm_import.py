"""manage.py scorm_import PATH --title TITLE: check and store a SCORM zip, as an editor's upload would."""
from courses.packages.commands import PackageImportCommand
from courses.scorm.services import package_store, package_validate


class Command(PackageImportCommand):
    help = "Import a SCORM 1.2 or 2004 package (.zip) with the same checks as an upload. Prints the new package's id."
    what = "The SCORM .zip file"
    validate = staticmethod(package_validate)
    store = staticmethod(package_store)
