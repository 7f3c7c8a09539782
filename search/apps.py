from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Global search over every part of the portal (/sok/, /api/v1/search/). At the top of the
    dependency order: it reads the four apps' selectors and querysets; nothing imports it
    except planportal/urls.py."""

    name = "search"
    verbose_name = _("Sök i hela portalen")
