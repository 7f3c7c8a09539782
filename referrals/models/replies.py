from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import ReplyQuerySet


class Phrase(models.Model):
    """The phrase library: standard paragraphs for replies, the standard reply and the standard
    text registered when the Region declines to comment. Kept as data by the case officers."""

    class Kind(models.TextChoices):
        POINT = "point", _("Stycke")
        STANDARD_REPLY = "standard_reply", _("Standardyttrande")
        DECLINE = "decline", _("Avstår från att yttra sig")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.POINT, db_index=True)
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"))
    goals = models.ManyToManyField("rus.Goal", verbose_name=_("RUS-effektmål"), related_name="+", blank=True)
    plan_types = models.CharField(
        _("plantyper"), max_length=100, blank=True, help_text=_("Tom: alla. Annars koder, t.ex. op,fop.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=100)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["kind", "order", "title"]
        verbose_name = _("fras")
        verbose_name_plural = _("frasbibliotek")

    def __str__(self):
        return self.title


class Reply(models.Model):
    """The Region's reply (yttrande) to a case: draft → reviewed → approved (by someone holding the
    delegation, permission referrals.approve_reply) → sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        REVIEWED = "reviewed", _("Granskat")
        APPROVED = "approved", _("Godkänt")
        SENT = "sent", _("Skickat")

    referral = models.OneToOneField(
        "referrals.Referral", verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="reply"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    introduction = models.TextField(_("inledning"), blank=True)
    conclusion = models.TextField(_("avslutning"), blank=True)
    is_standard = models.BooleanField(_("standardyttrande"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskat"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkänt"), null=True, blank=True)
    sent_on = models.DateField(_("skickat"), null=True, blank=True)
    sent_to = models.CharField(_("skickat till"), max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("yttrande")
        verbose_name_plural = _("yttranden")

    def __str__(self):
        return str(self.referral)

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT


class Outcome(models.TextChoices):
    FULLY = "fully", _("Beaktat helt")
    PARTLY = "partly", _("Beaktat delvis")
    NOT = "not", _("Inte beaktat")
    NOT_APPLICABLE = "na", _("Ej tillämpligt")


class ReplyPoint(models.Model):
    """One point of a reply: a paragraph from the phrase library, from the interest checklist, or
    free text, citing RUS goals where it applies; later, whether the municipality took it into account."""

    class Source(models.TextChoices):
        PHRASE = "phrase", _("Frasbiblioteket")
        INTEREST = "interest", _("Regionala intressen")
        FREE = "free", _("Fritext")
        CONSULTATION = "consultation", _("Internt samråd")

    reply = models.ForeignKey(Reply, verbose_name=_("yttrande"), on_delete=models.CASCADE, related_name="points")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    heading = models.CharField(_("rubrik"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    source = models.CharField(_("källa"), max_length=15, choices=Source.choices, default=Source.FREE)
    phrase = models.ForeignKey(
        Phrase, verbose_name=_("fras"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interest = models.ForeignKey(
        "referrals.InterestMatch",
        verbose_name=_("regionalt intresse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="points",
    )
    goals = models.ManyToManyField(
        "rus.Goal", verbose_name=_("RUS-effektmål"), related_name="referral_reply_points", blank=True
    )
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("kommentar om utfallet"), blank=True)
    outcome_case = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("utfall bedömt i"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes_recorded",
        help_text=_("Det senare skedet (nästa remiss eller antagandet) där utfallet bedömdes."),
    )
    outcome_recorded_at = models.DateTimeField(_("utfall registrerat"), null=True, blank=True)

    class Meta:
        ordering = ["reply", "order", "id"]
        verbose_name = _("punkt i yttrande")
        verbose_name_plural = _("punkter i yttranden")

    def __str__(self):
        return self.heading or self.text[:60]
