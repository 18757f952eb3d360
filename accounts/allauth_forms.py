"""allauth's forms in the service's words: plain labels and an error that says what to do for each field."""
from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

PASSWORD_HINT = "Use at least 10 characters. Avoid common passwords, numbers only, and your name or email address."

# field name -> (label, what to say when it is left empty)
WORDS = {
    "login": ("Email address", "Enter your email address"),
    "email": ("Email address", "Enter your email address"),
    "password": ("Password", "Enter your password"),
    "remember": ("Remember me", None),
    "oldpassword": ("Current password", "Enter your current password"),
    "password1": ("Password", "Enter a password"),
    "password2": ("Enter the password again", "Enter the password again"),
}


class ServiceWording:
    """Relabel allauth's fields and give each its own message when it is left empty."""

    new_password = False
    # After an error elsewhere on the form (a missing organisation, a wrong current password), the new password
    # is shown again so the person need not type it twice more. Never on sign-in, never the current password,
    # and not once a new password itself was refused (too common, or the two do not match).
    keeps_new_password = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in WORDS:
                continue
            label, required = WORDS[name]
            if name == "password1" and self.new_password:
                label = "New password"
            field.label = label
            if required:
                field.error_messages["required"] = required
            if name in ("login", "email"):
                field.widget.attrs.pop("placeholder", None)
                field.widget.attrs["autocomplete"] = "email"
                field.widget.attrs["spellcheck"] = "false"
            elif name.startswith("password") or name == "oldpassword":
                field.widget.attrs.pop("placeholder", None)
            if name == "password1":
                field.help_text = PASSWORD_HINT

    def full_clean(self):
        super().full_clean()
        new_passwords = [name for name in ("password1", "password2") if name in self.fields]
        keep = self.keeps_new_password and not any(name in self.errors for name in new_passwords)
        for name in new_passwords:
            self.fields[name].widget.render_value = keep


class LoginForm(ServiceWording, allauth_forms.LoginForm):
    pass


class SignupForm(ServiceWording, allauth_forms.SignupForm):
    keeps_new_password = True


class AddEmailForm(ServiceWording, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(ServiceWording, allauth_forms.ChangePasswordForm):
    new_password = True
    keeps_new_password = True


class SetPasswordForm(ServiceWording, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(ServiceWording, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(ServiceWording, allauth_forms.ResetPasswordKeyForm):
    new_password = True


class ReauthenticateForm(ServiceWording, allauth_forms.ReauthenticateForm):
    pass


class CodeWording:
    """The one field of allauth's two-step verification forms: what to call it and what to say when it is empty."""

    code_label = "Code"
    code_required = "Enter the 6-digit code from your authenticator app"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = self.code_label
        code.error_messages["required"] = self.code_required
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})


class AuthenticateForm(CodeWording, mfa_forms.AuthenticateForm):
    code_required = "Enter the 6-digit code from your authenticator app, or one of your recovery codes"


class MFAReauthenticateForm(CodeWording, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(CodeWording, totp_forms.ActivateTOTPForm):
    code_label = "Code from the app"
