from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RusConfig(AppConfig):
    name = "rus"
    verbose_name = _("Regional utvecklingsstrategi (RUS)")

    def ready(self):
        from planportal.registry import register_organisation_section

        from .sections import municipality_indicator_section

        register_organisation_section(municipality_indicator_section)

        from .references import register

        register()
