"""The admin form editors upload SCORM packages with (courses.packages.forms)."""
from courses.packages.forms import PackageUploadForm

from .models import ScormPackage
from .services import package_validate


class ScormPackageUploadForm(PackageUploadForm):
    extension = ".zip"
    package_label = "SCORM zip file"
    package_help = (
        "A SCORM 1.2 or SCORM 2004 package (.zip) exported from Storyline, Rise, Captivate, Adapt or another "
        "authoring tool."
    )
    validate = staticmethod(package_validate)

    class Meta:
        model = ScormPackage
        fields = ["title"]
