from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RusConfig(AppConfig):
    name = "rus"
    verbose_name = _("Regional utvecklingsstrategi (RUS)")

    def ready(self):
        from planportal.registry import register_map_layers, register_organisation_section

        from .sections import municipality_indicator_section, structure_map_layers

        register_organisation_section(municipality_indicator_section)
        register_map_layers(structure_map_layers)

        from .references import register

        register()
        from . import news  # noqa: F401  (registers the home page's news sources)
