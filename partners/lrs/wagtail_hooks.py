"""A link in the Wagtail admin to the partners' LRS pages, for the staff who may open them."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def lrs_menu_item():
    item = MenuItem("Partners' LRS", reverse("lrs:list"), icon_name="site", order=320)
    item.is_shown = lambda request: request.user.has_perm("lrs.manage_lrs")
    return item
