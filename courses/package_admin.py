"""Admin views H5P and SCORM packages share: uploading a package from the lesson editor's chooser."""
from wagtail.snippets.views.chooser import SnippetCreateView


class PackageChooserCreateView(SnippetCreateView):
    """Upload a package from the lesson editor's chooser: checked and stored exactly as on the upload page.

    Each package type names its own storing service (`store`) and refusal (`rejected`, which carries `.message`).
    """

    store = None
    rejected: type[Exception] = Exception

    def save_form(self, form):
        return type(self).store(
            validated=form.validated, title=form.cleaned_data.get("title", ""), uploaded_by=self.request.user
        )

    def post(self, request):
        try:
            return super().post(request)
        except self.rejected as exc:
            self.form.add_error("package", f"This package was refused: {exc.message}")
            return self.get_reshow_creation_form_response()
