"""The admin form editors upload H5P packages with (courses.packages.forms)."""
from courses.packages.forms import PackageUploadForm

from .models import H5PPackage
from .services import package_validate


class H5PPackageUploadForm(PackageUploadForm):
    extension = ".h5p"
    package_label = "H5P file"
    package_help = "An .h5p file exported from H5P.org, Lumi or another H5P editor."
    validate = staticmethod(package_validate)

    class Meta:
        model = H5PPackage
        fields = ["title"]
