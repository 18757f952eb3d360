"""SCORM packages in the Wagtail admin (Snippets › SCORM packages): upload with checks, rename, delete."""
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from courses.archive import left_out_summary

from .errors import PackageRejected
from .forms import ScormPackageUploadForm
from .models import ScormPackage
from .services import package_store

UPLOAD_PANEL = ObjectList(
    [FieldPanel("package"), FieldPanel("title")], base_form_class=ScormPackageUploadForm
).bind_to_model(ScormPackage)


class ScormPackageCreateView(CreateView):
    """Upload: the form checks the package; saving unpacks it and records it, or refuses with the rule broken."""

    def save_instance(self):
        return package_store(
            validated=self.form.validated, title=self.form.cleaned_data.get("title", ""), uploaded_by=self.request.user
        )

    def form_valid(self, form):
        self.form = form  # the checked form: it carries the validated package
        try:
            return super().form_valid(form)
        except PackageRejected as exc:
            form.add_error("package", f"This package was refused: {exc.message}")
            return self.form_invalid(form)

    def get_success_message(self, instance):
        """Say which files were left out and why, so the editor knows what the site will not serve."""
        message = super().get_success_message(instance) or ""
        return " ".join(part for part in [message, left_out_summary(instance.left_out)] if part)


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "media"
    menu_label = "SCORM packages"
    add_to_admin_menu = False
    add_view_class = ScormPackageCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "version", "created_at", "uploaded_by"]
    list_filter = ["version"]
    search_fields = ["title"]
    panels = ["title"]  # editing renames; the files of a package never change

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=UPLOAD_PANEL, form_class=UPLOAD_PANEL.get_form_class(), **kwargs)


register_snippet(ScormPackageViewSet)
