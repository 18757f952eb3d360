"""Certificate templates as snippets for editors, and a link to certificate management for partnership staff."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = "Certificate templates"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "heading", "orientation", "is_default"]
    search_fields = ["title", "heading"]


register_snippet(CertificateTemplateViewSet)


@hooks.register("register_admin_menu_item")
def certificates_menu_item():
    item = MenuItem("Certificates", reverse("certificates:manage_list"), icon_name="tick-inverse", order=310)
    item.is_shown = lambda request: request.user.has_perm("accounts.manage_programme")
    return item
