"""H5P packages in the Wagtail admin, under Snippets."""
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import H5PPackage


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "form"
    menu_label = "H5P packages"
    list_display = ["title", "main_library", "created_at"]
    search_fields = ["title", "main_library"]


register_snippet(H5PPackageViewSet)
