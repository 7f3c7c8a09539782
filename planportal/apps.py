from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlanportalConfig(AppConfig):
    name = "planportal"
    verbose_name = "Planportalen"

    def ready(self):
        from . import roles

        post_migrate.connect(roles.sync_role_permissions, sender=self)
        # Layers of the portal map (/karta/) from every app's `map_layers.py` (planportal.registry).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("map_layers")
