from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The one notification centre: every app's e-mail to people goes through here, so that each
    person chooses per kind how often they hear from the portal, and can stop with one click.
    Sits just above planportal and below networks, so every app may call it."""

    name = "notifications"
    verbose_name = _("Aviseringar")
    default_auto_field = "django.db.models.BigAutoField"
