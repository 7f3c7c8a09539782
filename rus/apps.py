from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RusConfig(AppConfig):
    name = "rus"
    verbose_name = _("Regional utvecklingsstrategi (RUS)")
