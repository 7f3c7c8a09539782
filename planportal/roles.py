"""The portal's roles. Groups are created by a migration (planportal/migrations); their
model permissions (used by the admin) are declared by each app in `<app>/roles.py` as
ROLE_PERMISSIONS = {role: ["app_label.codename", ...]} and synced after every migrate.

Who may see what on the pages and in the API is decided by each model's `visible_to(user)`
queryset and the services, which ask the helpers below."""

import importlib

from django.apps import apps as global_apps
from django.core.exceptions import ObjectDoesNotExist

PLANNER = "planner"
CASE_OFFICER = "case_officer"
COORDINATOR = "coordinator"
EDITOR = "editor"
ADMINISTRATOR = "administrator"

# name -> Swedish label shown in the admin and on pages
ROLES = {
    PLANNER: "Kommunal planerare",
    CASE_OFFICER: "Handläggare",
    COORDINATOR: "Samordnare",
    EDITOR: "Redaktör",
    ADMINISTRATOR: "Administratör",
}


def has_role(user, *roles) -> bool:
    """True when the signed-in user holds any of `roles` (superusers hold every role)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return bool(cached & set(roles))


def user_organisation(user):
    """The organisation the signed-in user works for, through their Person record, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person.organisation
    except ObjectDoesNotExist:
        return None


def sync_role_permissions(sender=None, **kwargs):
    from django.contrib.auth.models import Group, Permission

    wanted: dict[str, set[str]] = {name: set() for name in ROLES}
    for app_config in global_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            wanted.setdefault(role, set()).update(perms)
    for role, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        found = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*found)
