from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import ConsultationQuerySet


class Unit(models.Model):
    """A unit of the Region asked for input on referrals (kollektivtrafik, infrastruktur, energi och
    klimat, kultur, folkhälsa, analys …): kept as data."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)
    email = models.EmailField(_("funktionsadress"), blank=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbetare"), related_name="referral_units", blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self):
        return self.name


class Consultation(models.Model):
    """An internal consultation: a unit asked for input on a case by a date before the reply deadline."""

    referral = models.ForeignKey(
        "referrals.Referral", verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="consultations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="consultations")
    question = models.TextField(_("fråga"), blank=True)
    due = models.DateField(_("svar senast"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("begärd av"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("begärd"), default=timezone.now)
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvarad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    # Each reminder goes out once: the time is set in the transaction that sends it.
    reminder_sent_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True, editable=False)
    overdue_reminder_sent_at = models.DateTimeField(
        _("påminnelse om försenat svar skickad"), null=True, blank=True, editable=False
    )
    request_sent_at = models.DateTimeField(_("förfrågan skickad"), null=True, blank=True, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "due", "unit__name"]
        verbose_name = _("internt samråd")
        verbose_name_plural = _("interna samråd")
        constraints = [
            models.UniqueConstraint(fields=["referral", "unit"], name="consultation_once_per_unit"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("requested_at")),
                name="consultation_answered_after_requested",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.referral}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
