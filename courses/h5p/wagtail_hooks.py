"""H5P packages in the Wagtail admin (Snippets › H5P packages): upload with checks, rename, delete; the libraries
they share; and a chooser that searches by title and content type, previews, and uploads without leaving the page."""
from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView

from courses.archive import left_out_summary
from courses.packages.admin import PackageChooserCreateView, PackageChooserViewSet, PackageCreateView, PackageViewSet

from . import selectors
from .forms import H5PPackageUploadForm
from .models import H5PPackage
from .services import package_store


class H5PPackageCreateView(PackageCreateView):
    store = staticmethod(package_store)

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
        if validated.left_out:
            notes.append(left_out_summary(validated.left_out).rstrip("."))
        return " ".join([message, *[f"{note}." for note in notes]]).strip()


class PreviewColumn(Column):
    """A link that opens the package in its player, in a new tab, so an editor sees it before choosing."""

    def get_value(self, instance):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview<span class="w-sr-only"> {} (opens in a new tab)</span></a>',
            instance.player_url,
            instance.title,
        )


class PackageSearchForm(BaseFilterForm):
    """Finds packages by title, content type (“Multiple Choice”) or main library (“H5P.MultiChoice”)."""

    q = forms.CharField(
        label="Search by title or content type",
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(title__icontains=query) | Q(content_type__icontains=query) | Q(main_library__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class ChooserColumnsMixin:
    filter_form_class = PackageSearchForm

    @property
    def columns(self):
        return [
            *super().columns,
            Column("content_type", label="Content type"),
            Column("main_library", label="Main library"),
            PreviewColumn("preview", label="Preview"),
        ]


class H5PChooseView(ChooserColumnsMixin, ChooseView):
    pass


class H5PChooseResultsView(ChooserColumnsMixin, ChooseResultsView):
    pass


class H5PChooserCreateView(PackageChooserCreateView):
    store = staticmethod(package_store)


class H5PChooserViewSet(PackageChooserViewSet):
    choose_view_class = H5PChooseView
    choose_results_view_class = H5PChooseResultsView
    create_view_class = H5PChooserCreateView
    creation_form_class = H5PPackageUploadForm
    create_action_label = "Upload a new H5P package"


class H5PPackageViewSet(PackageViewSet):
    model = H5PPackage
    upload_form_class = H5PPackageUploadForm
    chooser_viewset_class = H5PChooserViewSet
    icon = "form"
    menu_label = "H5P packages"
    add_view_class = H5PPackageCreateView
    list_display = ["title", "content_type", "main_library", "created_at", "uploaded_by"]
    search_fields = ["title", "content_type", "main_library"]


register_snippet(H5PPackageViewSet)


@permission_required("h5p.add_h5ppackage")
def libraries_view(request):
    return render(request, "h5p/admin/libraries.html", {"libraries": selectors.libraries_with_packages()})


@hooks.register("register_admin_urls")
def h5p_admin_urls():
    return [path("h5p/libraries/", libraries_view, name="h5p_libraries")]


@hooks.register("register_admin_menu_item")
def h5p_libraries_menu_item():
    item = MenuItem("H5P libraries", reverse("h5p_libraries"), icon_name="form", order=320)
    item.is_shown = lambda request: request.user.has_perm("h5p.add_h5ppackage")
    return item
