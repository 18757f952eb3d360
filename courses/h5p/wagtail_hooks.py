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
            # Refused while unpacking (e.g. a damaged member): shown like any other refusal.
            form.add_error("package", f"This package was refused: {exc.message}")
            self.produced_error_message = "The package could not be saved. See the message under the file."
            return self.form_invalid(form)

    def get_success_message(self, instance):
        """Say what H5P core's rules skipped and what the content's semantics corrected."""
        message = super().get_success_message(instance) or ""
        validated = self.form.validated
        notes = list(validated.corrections)
        if validated.skipped:
            shown = ", ".join(validated.skipped[:5]) + (" and others" if len(validated.skipped) > 5 else "")
            notes.append(
                f"{len(validated.skipped)} hidden file{'s were' if len(validated.skipped) != 1 else ' was'} "
                f"skipped, as H5P does: {shown}"
            )
        return " ".join([message, *[f"{note}." for note in notes]]).strip()


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
