"""Roles are Django groups with permissions. Other apps add the permissions their features need with `grant`."""
from collections import defaultdict

from django.contrib.auth.models import Group, Permission

LEARNER = "Learner"
TEACHER = "Teacher"
INSTRUCTOR = "Instructor"
ORGANISATION_LEAD = "Organisation lead"
PARTNERSHIP_STAFF = "Partnership staff"
EDITOR = "Editor"
# Reviewers who sign off modules and lessons before they go live (Wagtail workflows, see courses/sign_off.py).
TRAINER = "Trainer"
CLINICIAN = "Clinician"

ALL_ROLES = [LEARNER, TEACHER, INSTRUCTOR, ORGANISATION_LEAD, PARTNERSHIP_STAFF, EDITOR, TRAINER, CLINICIAN]

# "app_label.codename" strings per role. Higher apps extend this from their AppConfig.ready().
_ROLE_PERMISSIONS: dict[str, set[str]] = defaultdict(set)
_ROLE_PERMISSIONS[TEACHER] |= {"accounts.book_sessions"}
_ROLE_PERMISSIONS[INSTRUCTOR] |= {"accounts.deliver_sessions"}
_ROLE_PERMISSIONS[ORGANISATION_LEAD] |= {"accounts.view_organisation_reports"}
_ROLE_PERMISSIONS[PARTNERSHIP_STAFF] |= {
    "accounts.view_partnership_reports",
    "accounts.view_organisation_reports",
    "accounts.approve_members",
    "accounts.manage_programme",
    "wagtailadmin.access_admin",
}
_ROLE_PERMISSIONS[TRAINER] |= {"wagtailadmin.access_admin"}
_ROLE_PERMISSIONS[CLINICIAN] |= {"wagtailadmin.access_admin"}
_ROLE_PERMISSIONS[EDITOR] |= {
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
}


def grant(role: str, permissions: list[str]) -> None:
    """Declare that `role` needs these permissions; applied after every migrate."""
    if role not in ALL_ROLES:
        raise ValueError(f"Unknown role {role!r}")
    _ROLE_PERMISSIONS[role] |= set(permissions)


def role_permissions(role: str) -> set[str]:
    return set(_ROLE_PERMISSIONS[role])


def ensure_roles() -> None:
    """Create the role groups and give each its permissions. Safe to run any number of times."""
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(_ROLE_PERMISSIONS[role]):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)
    _ensure_editor_page_permissions()


def _ensure_editor_page_permissions() -> None:
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Collection, Page

    group = Group.objects.get(name=EDITOR)
    root = Page.get_first_root_node()
    if root is not None:
        # Editors write and submit; nothing goes live until a reviewer signs it off, so they never publish.
        for codename in ("add_page", "change_page"):
            perm = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
            if perm is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
        GroupPagePermission.objects.filter(group=group, permission__codename="publish_page").delete()
        # Reviewers open the page they are asked to sign off, and may correct a typo before approving.
        change = Permission.objects.filter(content_type__app_label="wagtailcore", codename="change_page").first()
        if change is not None:
            for reviewer in Group.objects.filter(name__in=[TRAINER, CLINICIAN]):
                GroupPagePermission.objects.get_or_create(group=reviewer, page=root, permission=change)
    collection = Collection.get_first_root_node()
    if collection is not None:
        for dotted in ("wagtailimages.add_image", "wagtailimages.choose_image", "wagtaildocs.add_document",
                       "wagtaildocs.choose_document", "wagtailimages.change_image", "wagtaildocs.change_document"):
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=perm)


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    # Run once, after the last app has had its permissions created, so every permission exists.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender is with_models[-1]:
        ensure_roles()


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return any(group.name == role for group in user.groups.all())


def user_roles(user) -> list[str]:
    if not user.is_authenticated:
        return []
    names = {group.name for group in user.groups.all()}
    return [role for role in ALL_ROLES if role in names]


def assign_role(user, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))
