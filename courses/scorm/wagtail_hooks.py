"""SCORM packages in the Wagtail admin (Snippets › SCORM packages): upload with checks, rename, delete, and a chooser
that uploads without leaving the lesson (courses.packages.admin)."""
from wagtail.snippets.models import register_snippet

from courses.archive import left_out_summary
from courses.packages.admin import PackageChooserCreateView, PackageChooserViewSet, PackageCreateView, PackageViewSet

from .forms import ScormPackageUploadForm
from .models import ScormPackage
from .services import package_store


class ScormPackageCreateView(PackageCreateView):
    store = staticmethod(package_store)

    def get_success_message(self, instance):
        """Say which files were left out and why, so the editor knows what the site will not serve."""
        message = super().get_success_message(instance) or ""
        return " ".join(part for part in [message, left_out_summary(instance.left_out)] if part)


class ScormChooserCreateView(PackageChooserCreateView):
    store = staticmethod(package_store)


class ScormChooserViewSet(PackageChooserViewSet):
    create_view_class = ScormChooserCreateView
    creation_form_class = ScormPackageUploadForm
    create_action_label = "Upload a new SCORM package"


class ScormPackageViewSet(PackageViewSet):
    model = ScormPackage
    upload_form_class = ScormPackageUploadForm
    chooser_viewset_class = ScormChooserViewSet
    icon = "media"
    menu_label = "SCORM packages"
    add_view_class = ScormPackageCreateView
    list_display = ["title", "version", "created_at", "uploaded_by"]
    list_filter = ["version"]
    search_fields = ["title"]


register_snippet(ScormPackageViewSet)
