from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Remisser")

    def ready(self):
        from .references import register as register_goal_references

        register_goal_references()

        from .sections_public import register as register_public_sections

        register_public_sections()
        from . import home, news  # noqa: F401  (register the home page's cards and news sources)
