"""The admin form editors upload packages with: the whole package is checked while the form is cleaned."""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import H5PPackage
from .services import package_validate
from .validation import PackageRejected


class H5PPackageUploadForm(WagtailAdminModelForm):
    package = forms.FileField(
        label="H5P file",
        help_text="An .h5p file exported from H5P.org, Lumi or another H5P editor. "
        "It is checked before anything is saved; if it breaks a rule, you will be told which.",
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    class Meta:
        model = H5PPackage
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validated = None
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the title inside the package."

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".h5p"):
            raise forms.ValidationError("Choose a file that ends in .h5p.", code="file-type")
        try:
            self.validated = package_validate(upload=upload)
        except PackageRejected as exc:
            raise forms.ValidationError(f"This package was refused: {exc.message}", code=exc.rule)
        return upload
