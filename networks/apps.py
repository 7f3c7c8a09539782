from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Organisationer och nätverk")

    def ready(self):
        from planportal.registry import register_organisation_section

        from .sections import organisation_networks_section, organisation_take_homes_section

        register_organisation_section(organisation_networks_section)
        register_organisation_section(organisation_take_homes_section)
        from . import home, news  # noqa: F401  (register the home page's cards and news sources)
