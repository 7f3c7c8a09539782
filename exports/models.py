"""A large export built in the background (Celery) and kept for its owner to download."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportJobQuerySet(models.QuerySet):
    def owned_by(self, request):
        """The jobs of the person making the request: their own when signed in, the browser
        session's when not. Nobody else's, whatever their role."""
        if request.user.is_authenticated:
            return self.filter(user=request.user)
        key = request.session.session_key
        return self.filter(user__isnull=True, session_key=key) if key else self.none()


class ExportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        GEOJSON = "geojson", "GeoJSON"
        GPKG = "gpkg", "GeoPackage"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="export_jobs",
    )
    # A signed-out visitor's job belongs to their browser session.
    session_key = models.CharField(_("session"), max_length=40, blank=True)
    list_name = models.CharField(_("lista"), max_length=100)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    language = models.CharField(_("språk"), max_length=10, default="sv")
    base_url = models.CharField(_("portalens adress"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("antal rader"), default=0)
    processed_rows = models.PositiveIntegerField(_("skrivna rader"), default=0)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    file = models.FileField(_("fil"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("filnamn"), max_length=200, blank=True)
    error = models.TextField(_("fel"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exporter")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["session_key"], name="exports_job_session_idx")]

    def __str__(self):
        return f"{self.list_name} ({self.format}, {self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("exports:job", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
