from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, roles

        post_migrate.connect(roles.ensure_roles_after_migrate, dispatch_uid="accounts.ensure_roles")
        from django.apps import apps as installed

        from .site_identity import sync_after_migrate

        # Connected before django.contrib.sites' own receiver (sites is later in INSTALLED_APPS), so a new
        # database never holds "example.com", even for a moment.
        post_migrate.connect(sync_after_migrate, sender=installed.get_app_config("sites"),
                             dispatch_uid="accounts.site_identity")
        audit.connect_signals()
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(_email_confirmed, dispatch_uid="accounts.email_confirmed")
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_delete, post_save

        from .mfa import forget_second_factor

        post_save.connect(forget_second_factor, sender=Authenticator, dispatch_uid="accounts.mfa_saved")
        post_delete.connect(forget_second_factor, sender=Authenticator, dispatch_uid="accounts.mfa_deleted")


def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    from .services import member_email_verified

    member_email_verified(user=email_address.user, email=email_address.email)
