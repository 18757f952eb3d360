"""allauth adapter: saves the full name and keeps messages plain."""
from allauth.account.adapter import DefaultAccountAdapter

from .network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": "An account already uses this email address. Sign in, or reset your password if you have forgotten it.",
        "too_many_login_attempts": "Too many failed attempts to sign in. Wait a few minutes and try again, or reset your password.",
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.job_role = form.cleaned_data.get("job_role", "").strip()
        user.area = form.cleaned_data.get("area")
        if commit:
            user.save()
        return user

    def get_client_ip(self, request):
        # allauth's login, signup and password-reset rate limits key on this: one setting for every limit.
        return client_ip(request) or super().get_client_ip(request)
