"""SCORM packages in the Wagtail admin (Snippets › SCORM packages): upload with checks, rename, delete; a chooser
that uploads without leaving the lesson; and one page listing every package, H5P and SCORM, with where it is used."""
from django.shortcuts import render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from courses.archive import left_out_summary
from courses.package_admin import PackageChooserCreateView

from . import overview
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


class ScormChooserCreateView(PackageChooserCreateView):
    store = staticmethod(package_store)
    rejected = PackageRejected


class ScormChooserViewSet(SnippetChooserViewSet):
    create_view_class = ScormChooserCreateView
    creation_form_class = ScormPackageUploadForm
    create_action_label = "Upload a new SCORM package"
    creation_tab_label = "Upload"


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    chooser_viewset_class = ScormChooserViewSet
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


def may_see_packages(user) -> bool:
    return user.has_perm("scorm.add_scormpackage") or user.has_perm("h5p.add_h5ppackage")


@user_passes_test(may_see_packages)
def packages_view(request):
    return render(request, "scorm/admin/packages.html", {"packages": overview.packages_overview()})


@hooks.register("register_admin_urls")
def packages_admin_urls():
    return [path("packages/", packages_view, name="packages_overview")]


@hooks.register("register_admin_menu_item")
def packages_menu_item():
    item = MenuItem("Packages", reverse("packages_overview"), icon_name="media", order=310)
    item.is_shown = lambda request: may_see_packages(request.user)
    return item
