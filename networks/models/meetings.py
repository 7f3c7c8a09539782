"""Meetings of the networks: series, meetings, agenda items, invitations and attendance,
and the log of notifications sent. Minutes, decisions and action items are in `minutes`."""

import uuid

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planportal.geo import SWEREF99TM

from ..querysets import AgendaItemQuerySet, InvitationQuerySet, MeetingQuerySet


class MeetingSeries(models.Model):
    """A recurrence rule (RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TH) with an end date or a
    count; its meetings are created from it and are then edited one by one."""

    network = models.ForeignKey(
        "networks.Network", verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="series"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    rrule = models.CharField(_("upprepningsregel"), max_length=300)
    first_start = models.DateTimeField(_("första mötets start"))
    duration_minutes = models.PositiveIntegerField(_("längd i minuter"))
    until = models.DateField(_("till och med"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("antal möten"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["network", "first_start"]
        verbose_name = _("mötesserie")
        verbose_name_plural = _("mötesserier")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=False) | Q(count__isnull=False),
                name="series_has_end_or_count",
                violation_error_message=_("En mötesserie måste ha ett slutdatum eller ett antal möten."),
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.title}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        AGENDA_OPEN = "agenda_open", _("Dagordningen är öppen")
        AGENDA_CLOSED = "agenda_closed", _("Dagordningen är stängd")
        HELD = "held", _("Genomfört")
        MINUTES_APPROVED = "minutes_approved", _("Protokollet är justerat")
        CANCELLED = "cancelled", _("Inställt")

    network = models.ForeignKey(
        "networks.Network", verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("mötesserie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    uid = models.UUIDField(_("kalender-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0, editable=False)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    starts_at = models.DateTimeField(_("start"), db_index=True)
    ends_at = models.DateTimeField(_("slut"))
    location_name = models.CharField(_("plats"), max_length=200, blank=True)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    point = models.PointField(_("platsens läge"), srid=SWEREF99TM, null=True, blank=True)
    online_url = models.URLField(_("länk till digitalt möte"), blank=True)
    host = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("värdorganisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    invited_group = models.ForeignKey(
        "networks.MemberGroup",
        verbose_name=_("inbjuden grupp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Tomt betyder att alla medlemsorganisationer bjuds in."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    agenda_deadline = models.DateTimeField(
        _("sista dag för förslag till dagordningen"), null=True, blank=True, help_text=_("Tomt: sju dagar före mötet.")
    )
    agenda_published_at = models.DateTimeField(_("dagordningen publicerad"), null=True, blank=True)
    cancelled_reason = models.CharField(_("anledning till att mötet ställdes in"), max_length=300, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Mötet måste sluta efter att det börjar."),
            ),
        ]
        indexes = [models.Index(fields=["network", "starts_at"])]

    def __str__(self):
        return f"{self.network}: {self.title}"

    def get_absolute_url(self):
        return reverse("networks:meeting_detail", kwargs={"slug": self.network.slug, "pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        ACCEPTED = "accepted", _("Godtagen")
        DECLINED = "declined", _("Avböjd")

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Diskussion")
        DECISION = "decision", _("Beslut")
        FOLLOW_UP = "follow_up", _("Uppföljning av åtgärdspunkt")

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ av punkt"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decline_reason = models.CharField(_("anledning till avböjande"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("tid i minuter"), null=True, blank=True)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        "networks.Person",
        verbose_name=_("föreslagen av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_agenda_items",
    )
    proposer_organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("föreslagen av organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_agenda_items",
    )
    action_item = models.ForeignKey(
        "networks.ActionItem",
        verbose_name=_("åtgärdspunkt som följs upp"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", F("position").asc(nulls_last=True), "proposed_at", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "action_item"],
                condition=Q(action_item__isnull=False),
                name="agenda_item_follows_up_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="agenda_item_declined_has_reason",
                violation_error_message=_("Ange varför punkten avböjs."),
            ),
        ]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """One person's invitation to a meeting: their reply before, their attendance after."""

    class Reply(models.TextChoices):
        NONE = "", _("Inget svar")
        YES = "yes", _("Kommer")
        NO = "no", _("Kommer inte")
        MAYBE = "maybe", _("Kanske")
        SUBSTITUTE = "substitute", _("Skickar ersättare")

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "networks.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="invitations"
    )
    reply = models.CharField(_("svar"), max_length=12, choices=Reply.choices, blank=True, default="")
    substitute = models.ForeignKey(
        "networks.Person",
        verbose_name=_("ersättare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitute_invitations",
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    replied_at = models.DateTimeField(_("svarade"), null=True, blank=True)
    attended = models.BooleanField(_("närvarade"), null=True, blank=True)
    attended_by = models.ForeignKey(
        "networks.Person",
        verbose_name=_("närvarande för organisationen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "organisation__name", "person__name"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once_per_person")]
        indexes = [models.Index(fields=["organisation", "meeting"])]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class SentNotification(models.Model):
    """One e-mail of one kind about one meeting to one address. The unique constraint makes a
    notification go out once even when its task runs twice (a retry, a duplicate delivery):
    the row is inserted in the same transaction as the sending, before the mail goes out."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Inbjudan")
        AGENDA_PUBLISHED = "agenda_published", _("Dagordningen publicerad")
        REMINDER = "reminder", _("Påminnelse")
        MINUTES_PUBLISHED = "minutes_published", _("Protokollet publicerat")
        CANCELLATION = "cancellation", _("Inställt möte")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="sent_notifications"
    )
    email = models.EmailField(_("e-post"))
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("mottagare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("skickat meddelande")
        verbose_name_plural = _("skickade meddelanden")
        constraints = [
            models.UniqueConstraint(fields=["kind", "meeting", "email"], name="notification_sent_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"
