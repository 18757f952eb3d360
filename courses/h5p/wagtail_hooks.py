"""H5P packages in the Wagtail admin (Snippets › H5P packages): upload with checks, rename, delete."""
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .forms import H5PPackageUploadForm
from .models import H5PPackage
from .services import package_store
from .validation import PackageRejected

UPLOAD_PANEL = ObjectList(
    [FieldPanel("package"), FieldPanel("title")], base_form_class=H5PPackageUploadForm
).bind_to_model(H5PPackage)


class H5PPackageCreateView(CreateView):
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


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "form"
    menu_label = "H5P packages"
    add_to_admin_menu = False
    add_view_class = H5PPackageCreateView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "main_library", "created_at", "uploaded_by"]
    search_fields = ["title", "main_library"]
    panels = ["title"]  # editing renames; the files of a package never change

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(panel=UPLOAD_PANEL, form_class=UPLOAD_PANEL.get_form_class(), **kwargs)


register_snippet(H5PPackageViewSet)
