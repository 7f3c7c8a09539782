from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Remisser")

    def ready(self):
        from django.db.models.signals import post_migrate

        # The Region's units are reference data: written again after every migrate or flush (tests).
        post_migrate.connect(_ensure_units, sender=self)

        from .references import register as register_goal_references

        register_goal_references()

        from .sections_public import register as register_public_sections

        register_public_sections()
        from . import home, news  # noqa: F401  (register the home page's cards and news sources)


def _ensure_units(sender=None, apps=None, **kwargs):
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("referrals.migrations.0003_consultation_overdue_reminder_and_units")
    migration.add_units(apps or global_apps, None)
