from django.apps import AppConfig


class OgcConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ogc"
    verbose_name = "OGC API Features"
