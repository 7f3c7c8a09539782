from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RusConfig(AppConfig):
    name = "rus"
    verbose_name = _("Regional utvecklingsstrategi (RUS)")

    def ready(self):
        from django.db.models.signals import post_migrate

        # The 17 global goals are reference data: put back after a flush too (tests), as the roles are.
        post_migrate.connect(_ensure_agenda2030_goals, sender=self)

        from planportal.registry import register_map_layers, register_organisation_section

        from .sections import municipality_indicator_section, structure_map_layers

        register_organisation_section(municipality_indicator_section)
        register_map_layers(structure_map_layers)

        from .references import register

        register()
        from notifications.registry import register_source

        from . import news  # noqa: F401  (registers the home page's news sources)
        from .notifying import indicators_source

        register_source("rus.indicators", indicators_source)  # the strategy's part of the digests


def _ensure_agenda2030_goals(sender=None, apps=None, **kwargs):
    from django.apps import apps as global_apps

    from .migrations_support import load_agenda2030_goals

    load_agenda2030_goals(apps or global_apps)
