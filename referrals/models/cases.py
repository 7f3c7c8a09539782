import datetime
import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planportal.geo import SWEREF99TM

from ..querysets import IntakeMessageQuerySet, ReferralDocumentQuerySet, ReferralQuerySet


class PlanType(models.TextChoices):
    OP = "op", _("Översiktsplan (ÖP)")
    FOP = "fop", _("Fördjupad översiktsplan (FÖP)")
    DP = "dp", _("Detaljplan")
    OB = "ob", _("Områdesbestämmelser")
    PROGRAM = "program", _("Planprogram")
    OTHER = "other", _("Annan plan eller strategi")


class Phase(models.TextChoices):
    SAMRAD = "samrad", _("Samråd")
    GRANSKNING = "granskning", _("Granskning")
    UNDERRATTELSE = "underrattelse", _("Underrättelse")
    OTHER = "other", _("Annat skede")


class DiaryCounter(models.Model):
    """The last diary number given out per year. Incremented with an UPSERT in the same transaction
    that saves the case, so numbers are unique and gap-free: a rolled-back registration rolls its
    number back too, and a concurrent one waits for the row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("diarieräknare")
        verbose_name_plural = _("diarieräknare")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Referral(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registrerad")
        IN_PROGRESS = "in_progress", _("Under handläggning")
        ANSWERED = "answered", _("Besvarad")
        DECLINED = "declined", _("Avstått från att yttra sig")

    class Triage(models.TextChoices):
        ANSWER = "answer", _("Yttra sig")
        STANDARD = "standard", _("Standardyttrande")
        DECLINE = "decline", _("Avstå från att yttra sig")

    class AreaSource(models.TextChoices):
        UPLOAD = "upload", _("Uppladdad fil")
        DRAWN = "drawn", _("Ritad på kartan")
        MUNICIPALITY = "municipality", _("Hela kommunen")

    OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS)

    # The Region's diary number: year + running number, formatted by settings.REFERRAL_DIARY_FORMAT.
    diary_year = models.PositiveSmallIntegerField(_("diarieår"), editable=False)
    diary_seq = models.PositiveIntegerField(_("löpnummer"), editable=False)
    diary_number = models.CharField(_("diarienummer"), max_length=40, unique=True, editable=False)

    sender = models.ForeignKey(
        "networks.Organisation", verbose_name=_("avsändare"), on_delete=models.PROTECT, related_name="referrals"
    )
    sender_reference = models.CharField(
        _("avsändarens beteckning"), max_length=100, blank=True, help_text=_("Kommunens diarienummer eller planens id.")
    )
    plan_name = models.CharField(_("planens namn"), max_length=300)
    plan_type = models.CharField(_("plantyp"), max_length=10, choices=PlanType.choices, db_index=True)
    phase = models.CharField(_("skede"), max_length=15, choices=Phase.choices, db_index=True)
    received = models.DateField(_("inkommen"), default=timezone.localdate)
    deadline = models.DateField(_("sista svarsdag"), db_index=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)

    area = models.MultiPolygonField(_("planområde"), srid=SWEREF99TM, null=True, blank=True)
    area_source = models.CharField(_("planområdet kommer från"), max_length=15, choices=AreaSource.choices, blank=True)

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    triage = models.CharField(_("beslut om hantering"), max_length=10, choices=Triage.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handläggare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_referrals",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("föregående skede"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cases",
        help_text=_("Samma plan i ett tidigare skede (planens kedja)."),
    )
    internal_notes = models.TextField(_("interna anteckningar"), blank=True, help_text=_("Visas aldrig publikt."))
    agenda_items = models.ManyToManyField(
        "networks.AgendaItem", verbose_name=_("dagordningspunkter"), related_name="referrals", blank=True
    )
    deadline_reminder_sent_for = models.DateField(
        _("påminnelse skickad för svarsdag"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking: a form carries the version it was built from; a save of an older
    # version is refused with a conflict message (services.guard_version).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # The register's full-text search (selectors_public): plan name, the sender's reference and
    # the diary number in Swedish, accents folded as the library does (planportal_unaccent).
    # Kept by PostgreSQL, so a search reads it instead of parsing every case's text again.
    search_vector = models.GeneratedField(
        expression=SearchVector(
            Func(F("plan_name"), function="planportal_unaccent", output_field=models.TextField()),
            Func(F("sender_reference"), function="planportal_unaccent", output_field=models.TextField()),
            Func(F("diary_number"), function="planportal_unaccent", output_field=models.TextField()),
            config="swedish",
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-diary_year", "-diary_seq"]
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        permissions = [("approve_reply", _("Får godkänna yttranden (delegation)"))]
        constraints = [
            models.UniqueConstraint(fields=["diary_year", "diary_seq"], name="referral_diary_unique_per_year"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("received")),
                name="referral_deadline_after_received",
                violation_error_message=_("Sista svarsdag kan inte vara före inkommen-datum."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["sender", "received"]),
            GinIndex(fields=["search_vector"], name="referral_search_vector"),
            # The cases with a plan area, in id order: the map's and OGC API's paging and their
            # numberMatched read this index only, not the wide rows.
            models.Index(fields=["id"], condition=Q(area__isnull=False), name="referral_with_area"),
        ]

    def __str__(self):
        return f"{self.diary_number} {self.plan_name}"

    def get_absolute_url(self):
        return reverse("referrals:detail", kwargs={"year": self.diary_year, "seq": self.diary_seq})

    def get_public_url(self):
        return reverse("referrals:register_detail", kwargs={"year": self.diary_year, "seq": self.diary_seq})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.days_left(today) < 0


def _document_path(instance, filename):
    # Generated names: the stored path says nothing about the content or the case.
    return f"referrals/{uuid.uuid4().hex}/{filename}"


class ReferralDocument(models.Model):
    referral = models.ForeignKey(Referral, verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("namn"), max_length=255)
    file = models.FileField(_("fil"), upload_to=_document_path, max_length=400, blank=True)
    url = models.URLField(_("länk"), max_length=500, blank=True)
    content_type = models.CharField(_("filtyp"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("storlek (byte)"), default=0)
    is_public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Avmarkera för handlingar som omfattas av sekretess.")
    )
    from_email = models.BooleanField(_("bilaga i e-post"), default=False)
    created_at = models.DateTimeField(_("tillagd"), default=timezone.now)

    objects = ReferralDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at", "id"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="referral_document_file_or_url",
                violation_error_message=_("En handling behöver en fil eller en länk."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.url and not self.file:
            return self.url
        return reverse("referrals:document_download", kwargs={"pk": self.pk})


def _intake_path(instance, filename):
    return f"referrals/intake/{uuid.uuid4().hex}/{filename}"


class IntakeMessage(models.Model):
    """A dropped e-mail kept between the draft and the confirmed registration (never public);
    its attachments become the case's documents when the officer registers the draft."""

    file = models.FileField(_("e-postmeddelande"), upload_to=_intake_path, max_length=400)
    filename = models.CharField(_("filnamn"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uppladdat av"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("uppladdat"), default=timezone.now)
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("remiss"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intake_messages",
    )

    objects = IntakeMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inkommet e-postmeddelande")
        verbose_name_plural = _("inkomna e-postmeddelanden")

    def __str__(self):
        return self.filename


class DeadlineExtension(models.Model):
    referral = models.ForeignKey(
        Referral, verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_deadline = models.DateField(_("tidigare svarsdag"))
    new_deadline = models.DateField(_("ny svarsdag"))
    reason = models.TextField(_("skäl"))
    granted_by = models.CharField(
        _("beviljad av"), max_length=200, blank=True, help_text=_("Vem hos avsändaren som gav anståndet.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        ordering = ["referral", "recorded_at"]
        verbose_name = _("anstånd")
        verbose_name_plural = _("anstånd")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=F("previous_deadline")),
                name="extension_moves_deadline_later",
                violation_error_message=_("Den nya svarsdagen måste vara senare än den tidigare."),
            )
        ]

    def __str__(self):
        return f"{self.referral_id}: {self.previous_deadline} → {self.new_deadline}"
