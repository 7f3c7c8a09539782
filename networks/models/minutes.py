"""What a meeting leaves behind: the minutes, decisions and recommendations, action items,
and each organisation's take-home summary (hemtagande)."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import TakeHomeQuerySet
from .meetings import AgendaItem, Meeting


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Justerat")
        PUBLISHED = "published", _("Publicerat")

    meeting = models.OneToOneField(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField(_("protokoll"), blank=True)
    approved_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self):
        return f"Protokoll: {self.meeting}"


class Decision(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslut")
        RECOMMENDATION = "recommendation", _("Rekommendation")

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField(_("lydelse"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("beslut eller rekommendation")
        verbose_name_plural = _("beslut och rekommendationer")

    def __str__(self):
        return self.text[:80]


class ActionItem(models.Model):
    """Something to do after a meeting; it is followed up on the network's next meetings'
    agendas until it is done."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(
        "networks.Person",
        verbose_name=_("ansvarig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    owner_organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("ansvarig organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due = models.DateField(_("klart senast"), null=True, blank=True)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("åtgärdspunkt")
        verbose_name_plural = _("åtgärdspunkter")

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class TakeHome(models.Model):
    """A take-home summary (hemtagande) of a meeting: what one organisation's representative
    brings home to their own organisation, listed on that organisation's page. Without an
    organisation it is the meeting's general take-home, written by the coordinator with the
    minutes (the one text per meeting there was before each organisation had its own)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="take_homes")
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="take_homes",
        help_text=_("Tomt: mötets gemensamma hemtagande."),
    )
    text = models.TextField(_("hemtagande"))
    written_by = models.ForeignKey(
        "networks.Person",
        verbose_name=_("skrivet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    objects = TakeHomeQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "organisation__name"]
        verbose_name = _("hemtagande")
        verbose_name_plural = _("hemtaganden")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], nulls_distinct=False, name="take_home_once_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation or _('Gemensamt')}: {self.meeting}"
