from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import ReferralEventQuerySet


class ReferralEvent(models.Model):
    """Append-only trail of every change to a case (who, when, what), written in the same
    transaction as the change by `referrals.services.events.record`. A database trigger
    (migration 0002) refuses UPDATE and DELETE on this table; only deleting the case removes them."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registrerad")
        UPDATED = "updated", _("Uppgifter ändrade")
        AREA_CHANGED = "area_changed", _("Planområdet ändrat")
        INTERESTS_CHECKED = "interests_checked", _("Regionala intressen kontrollerade")
        DOCUMENT_ADDED = "document_added", _("Handling tillagd")
        DOCUMENT_REMOVED = "document_removed", _("Handling borttagen")
        ASSIGNED = "assigned", _("Tilldelad")
        TRIAGED = "triaged", _("Beslut om hantering")
        DECLINED = "declined", _("Avstått från att yttra sig")
        CONSULTED = "consulted", _("Internt samråd begärt")
        CONSULTATION_ANSWERED = "consultation_answered", _("Internt samråd besvarat")
        REPLY_EDITED = "reply_edited", _("Yttrandet ändrat")
        REPLY_REVIEWED = "reply_reviewed", _("Yttrandet granskat")
        REPLY_APPROVED = "reply_approved", _("Yttrandet godkänt")
        REPLY_SENT = "reply_sent", _("Yttrandet skickat")
        DEADLINE_EXTENDED = "deadline_extended", _("Anstånd")
        REMINDER_SENT = "reminder_sent", _("Påminnelse skickad")
        OUTCOME_RECORDED = "outcome_recorded", _("Utfall registrerat")
        LINKED = "linked", _("Kopplad")
        IMPORTED = "imported", _("Importerad")

    referral = models.ForeignKey(
        "referrals.Referral", verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("händelse"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    # Officers' words for the timeline ("Tilldelad Anna Andersson"), written when it happened,
    # in Swedish; `data` keeps the facts (changed fields with old and new values, ids).
    summary = models.CharField(_("sammanfattning"), max_length=500, blank=True)
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)

    objects = ReferralEventQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "at", "id"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
