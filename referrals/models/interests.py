from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import OfficersOnlyQuerySet


class InterestMatch(models.Model):
    """One item of a case's regional-interest checklist: a structure-image feature, a knowledge
    layer feature or document, or an earlier referral case that the plan area touches or lies
    within the configured distance of (settings.REFERRAL_INTEREST_DISTANCE_M). Recomputed in
    PostGIS at registration and whenever the area changes."""

    class Source(models.TextChoices):
        STRUCTURE = "structure", _("Strukturbild")
        LAYER = "layer", _("Kartlager")
        DOCUMENT = "document", _("Kunskapsunderlag")
        REFERRAL = "referral", _("Tidigare remiss")

    class Decision(models.TextChoices):
        OPEN = "", _("Ej bedömd")
        ACCEPTED = "accepted", _("Tas med i yttrandet")
        DISMISSED = "dismissed", _("Inte relevant")

    referral = models.ForeignKey(
        "referrals.Referral", verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="interests"
    )
    source = models.CharField(_("källa"), max_length=15, choices=Source.choices)
    object_id = models.PositiveBigIntegerField(_("objektets id"))
    title = models.CharField(_("rubrik"), max_length=300)
    detail = models.CharField(_("beskrivning"), max_length=300, blank=True)
    url = models.CharField(_("länk"), max_length=300, blank=True)
    distance_m = models.FloatField(_("avstånd (m)"))
    suggested_text = models.TextField(_("föreslagen text"), blank=True)
    decision = models.CharField(_("bedömning"), max_length=10, choices=Decision.choices, blank=True, default="")
    computed_at = models.DateTimeField(_("beräknad"), auto_now_add=True)

    objects = OfficersOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "source", "distance_m", "title"]
        verbose_name = _("regionalt intresse")
        verbose_name_plural = _("regionala intressen")
        constraints = [
            models.UniqueConstraint(fields=["referral", "source", "object_id"], name="interest_once_per_case"),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.title} ({self.distance_m:.0f} m)"
