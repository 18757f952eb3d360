"""Organisation sign-ins in the Wagtail admin, for partnership staff (the admin asks them for a second factor)."""
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import OrganisationSignInForm
from .models import OrganisationSignIn


class OrganisationSignInViewSet(ModelViewSet):
    model = OrganisationSignIn
    icon = "key"
    menu_label = "Organisation sign-in"
    list_display = ["organisation", "kind", "enabled", "redirect_path", "password_sign_in", "trust_provider_mfa"]
    list_filter = ["kind", "enabled"]
    search_fields = ["organisation__name", "email_domains"]
    search_backend_name = None
    form_fields = OrganisationSignInForm.Meta.fields
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return OrganisationSignInForm
