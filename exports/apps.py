from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Exports of the portal's lists as CSV, GeoJSON and GeoPackage. Low in the order (just above
    planportal): each app declares its exportable lists in `<app>/export_lists.py`, found here
    (not `exports.py`: run inside an app folder, as makemessages is, that name would hide this app)."""

    name = "exports"
    verbose_name = _("Exporter")

    def ready(self):
        autodiscover_modules("export_lists")
