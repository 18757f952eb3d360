"""The admin form editors upload SCORM packages with: the whole package is checked while the form is cleaned."""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .errors import PackageRejected
from .models import ScormPackage
from .validation import validate_package


class ScormPackageUploadForm(WagtailAdminModelForm):
    package = forms.FileField(
        label="SCORM zip file",
        help_text="A SCORM 1.2 or SCORM 2004 package (.zip) exported from Storyline, Rise, Captivate, Adapt or "
        "another authoring tool. It is checked before anything is saved; if it breaks a rule, you will be told which.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    class Meta:
        model = ScormPackage
        fields = ["title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validated = None
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the title inside the package."

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("Choose a file that ends in .zip.", code="file-type")
        try:
            self.validated = validate_package(upload)
        except PackageRejected as exc:
            raise forms.ValidationError(f"This package was refused: {exc.message}", code=exc.rule)
        return upload
