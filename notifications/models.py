"""Per person and kind: how often (none, at once, daily, weekly); the queue of what happened
that a digest gathers; and the digests sent. A recipient is a user, or an e-mail address alone
(a contact invited to meetings who has no account): each row has one of the two."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETINGS = "meetings", _("Möten")
    DOCUMENTS = "documents", _("Dokument")
    REFERRALS = "referrals", _("Remisser")
    RUS = "rus", _("Regional utvecklingsstrategi (RUS)")


class Frequency(models.TextChoices):
    NONE = "none", _("Ingen e-post")
    IMMEDIATE = "immediate", _("Direkt")
    DAILY = "daily", _("En sammanställning per dag")
    WEEKLY = "weekly", _("En sammanställning per vecka")


# Without a choice of their own a person hears of meetings and cases at once (as before the
# centre), of the library's themes and municipalities they follow once a week (as its digest
# did); the strategy's new indicator values concern everyone and no one: only on request.
DEFAULT_FREQUENCY = {
    Kind.MEETINGS: Frequency.IMMEDIATE,
    Kind.DOCUMENTS: Frequency.WEEKLY,
    Kind.REFERRALS: Frequency.IMMEDIATE,
    Kind.RUS: Frequency.NONE,
}

ONE_RECIPIENT = Q(user__isnull=False, email="") | Q(user__isnull=True) & ~Q(email="")


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_preferences",
    )
    email = models.EmailField(_("e-postadress"), blank=True, help_text=_("För mottagare utan konto."))
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("hur ofta"), max_length=20, choices=Frequency.choices)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("aviseringsval")
        verbose_name_plural = _("aviseringsval")
        constraints = [
            models.CheckConstraint(condition=ONE_RECIPIENT, name="notifications_preference_one_recipient"),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(user__isnull=False), name="notifications_preference_user_kind"
            ),
            models.UniqueConstraint(
                fields=["email", "kind"], condition=Q(user__isnull=True), name="notifications_preference_email_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user or self.email}: {self.get_kind_display()} – {self.get_frequency_display()}"


class Digest(models.Model):
    """One digest e-mail, gathering the items linked to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, null=True, blank=True
    )
    email = models.EmailField(_("skickat till"))
    subject = models.CharField(_("ämne"), max_length=300)
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now)

    class Meta:
        verbose_name = _("sammanställning")
        verbose_name_plural = _("sammanställningar")

    def __str__(self):
        return f"{self.email} {self.sent_at:%Y-%m-%d %H:%M}"


class Item(models.Model):
    """Something that happened, waiting for the recipient's next digest. `target` (optional) is
    the object the item is about: the digest asks its model's `visible_to(recipient)` again
    before it lists the item, so a digest never shows what the recipient may no longer open."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENT = "sent", _("Skickad")
        DROPPED = "dropped", _("Inte skickad (mottagaren får inte längre se den)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_items",
    )
    email = models.EmailField(_("e-postadress"))
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("vad som hänt"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("länk"), max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("sammanställning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        indexes = [
            models.Index(fields=["user", "email", "kind"], condition=Q(outcome="pending"), name="notif_item_pending"),
        ]

    def __str__(self):
        return self.subject


class SourceRun(models.Model):
    """How far a collected source (an app's registered digest source) has been read."""

    key = models.CharField(max_length=100, unique=True)
    collected_until = models.DateTimeField()

    def __str__(self):
        return f"{self.key}: {self.collected_until:%Y-%m-%d %H:%M}"
