from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlanportalConfig(AppConfig):
    name = "planportal"
    verbose_name = "Planportalen"

    def ready(self):
        from . import roles

        post_migrate.connect(roles.sync_role_permissions, sender=self)
