"""The schools directory and closure dates in the Wagtail admin, grouped under "Schools"."""
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ClosureDate, School


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = "Schools"
    list_display = ["name", "urn", "town", "local_authority", "status"]
    list_filter = ["status", "local_authority"]
    search_fields = ["name", "town", "postcode", "search_text"]
    ordering = ["name"]
    list_per_page = 50
    panels = [
        "urn", "name", "establishment_type", "phase", "statutory_low_age", "statutory_high_age",
        "local_authority", "area", "street", "locality", "address3", "town", "postcode", "status", "website",
        "email_domains",
    ]


class ClosureDateViewSet(SnippetViewSet):
    model = ClosureDate
    icon = "date"
    menu_label = "Closure dates"
    list_display = ["name", "start_date", "end_date", "area"]
    list_filter = ["area"]
    ordering = ["-start_date"]
    panels = ["name", "start_date", "end_date", "area"]


class SchoolsGroup(SnippetViewSetGroup):
    menu_label = "Schools"
    menu_icon = "home"
    menu_order = 250
    items = (SchoolViewSet, ClosureDateViewSet)


register_snippet(SchoolsGroup)
