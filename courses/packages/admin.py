"""Admin views every kind of package shares: the upload page, the chooser's upload tab, and the list of packages.

Each kind (courses.h5p, courses.scorm) names its model, upload form, storing service and words; the upload form
checks the package (courses.packages.forms) and the kind's `package_store` unpacks and records it.
"""
from django.shortcuts import render
from wagtail.admin.auth import user_passes_test
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from courses.archive import ArchiveRejected

from . import overview
from .kinds import kinds


def _store(view, form):
    return type(view).store(
        validated=form.validated, title=form.cleaned_data.get("title", ""), uploaded_by=view.request.user
    )


class PackageCreateView(CreateView):
    """Upload: the form checks the package; saving unpacks it and records it, or refuses with the rule broken."""

    store = None  # the kind's `package_store(*, validated, title, uploaded_by)`

    def save_instance(self):
        return _store(self, self.form)

    def form_valid(self, form):
        self.form = form  # the checked form: it carries the validated package
        try:
            return super().form_valid(form)
        except ArchiveRejected as exc:
            # Refused while unpacking (e.g. a damaged member): shown like any other refusal.
            form.add_error("package", f"This package was refused: {exc.message}")
            self.produced_error_message = "The package could not be saved. See the message under the file."
            return self.form_invalid(form)


class PackageChooserCreateView(SnippetCreateView):
    """Upload a package from the lesson editor's chooser: checked and stored exactly as on the upload page."""

    store = None

    def save_form(self, form):
        return _store(self, form)

    def post(self, request):
        try:
            return super().post(request)
        except ArchiveRejected as exc:
            self.form.add_error("package", f"This package was refused: {exc.message}")
            return self.get_reshow_creation_form_response()


class PackageChooserViewSet(SnippetChooserViewSet):
    creation_tab_label = "Upload"


class PackageViewSet(SnippetViewSet):
    """Snippets › packages of one kind: upload with checks, rename, delete. The files of a package never change."""

    upload_form_class = None  # the kind's PackageUploadForm
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = ["title"]  # editing renames

    def get_add_view_kwargs(self, **kwargs):
        panel = ObjectList(
            [FieldPanel("package"), FieldPanel("title")], base_form_class=self.upload_form_class
        ).bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


def may_see_packages(user) -> bool:
    return any(user.has_perm(kind.add_permission) for kind in kinds())


@user_passes_test(may_see_packages)
def packages_view(request):
    return render(request, "scorm/admin/packages.html", {"packages": overview.packages_overview()})
