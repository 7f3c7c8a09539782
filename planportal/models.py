"""The portal's own tables. Reference data lives in the apps; planportal keeps only what every
app shares: the outbox of Celery work (planportal/outbox.py)."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task to send, written in the transaction of the save that asks for it. It is
    published after that commit, or — when the broker is away — later by the relay
    (`manage.py relay_outbox`, every 30 s by beat, and when a worker starts). `task_id` is the
    Celery task id, the same at every attempt."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENT = "sent", _("Skickad")

    task = models.CharField(_("uppgift"), max_length=200)
    args = models.JSONField(_("argument"), default=list, encoder=DjangoJSONEncoder)
    kwargs = models.JSONField(_("nyckelordsargument"), default=dict, encoder=DjangoJSONEncoder)
    task_id = models.UUIDField(_("uppgifts-id"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("misslyckade försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        verbose_name = _("meddelande till Celery")
        verbose_name_plural = _("meddelanden till Celery (utkorg)")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(status="pending"), name="planportal_outbox_pending"),
            models.Index(fields=["sent_at"], condition=models.Q(status="sent"), name="planportal_outbox_sent"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)} ({self.get_status_display()})"


class DoneOnce(models.Model):
    """A key per effect outside the database that must happen once (an e-mail about one
    answer): written in the transaction that does it, so a task delivered twice finds it
    (planportal.outbox.first_time)."""

    key = models.CharField(_("nyckel"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("utförd engångsåtgärd")
        verbose_name_plural = _("utförda engångsåtgärder")

    def __str__(self):
        return self.key
