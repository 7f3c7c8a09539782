from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A CSV import of earlier cases, run by Celery; the page polls its progress. Atomic: either
    every row is saved or none (errors list row and column)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    file = models.FileField(_("fil"), upload_to="referrals/imports/%Y/", max_length=300)
    original_name = models.CharField(_("filnamn"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("antal rader"), default=0)
    processed_rows = models.PositiveIntegerField(_("behandlade rader"), default=0)
    created_count = models.PositiveIntegerField(_("skapade remisser"), default=0)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("startad av"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("startad"), default=timezone.now)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import av remisser")
        verbose_name_plural = _("importer av remisser")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (self.Status.DONE, self.Status.FAILED) else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
