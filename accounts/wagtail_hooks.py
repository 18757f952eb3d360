"""Organisations and areas in the Wagtail admin, for partnership staff."""
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail import hooks

from .models import Area, Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "sector", "area"]
    list_filter = ["sector", "area"]
    search_fields = ["name", "email_domains"]
    form_fields = ["name", "sector", "area", "email_domains"]


class AreaViewSet(ModelViewSet):
    model = Area
    icon = "site"
    menu_label = "Areas"
    list_display = ["name"]
    form_fields = ["name", "slug"]


class PartnershipViewSetGroup(ViewSetGroup):
    menu_label = "Partnership"
    menu_icon = "group"
    items = (OrganisationViewSet, AreaViewSet)


@hooks.register("register_admin_viewset")
def register_partnership_viewsets():
    return PartnershipViewSetGroup()
