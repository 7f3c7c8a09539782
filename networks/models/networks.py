"""The network and forum registry: networks, their lines to each other, their declared
composition, memberships and member groups. Organisation and Person are referred to by name."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..querysets import MembershipQuerySet, NetworkQuerySet


class FocusArea(models.Model):
    name = models.CharField(_("namn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self):
        return self.name


class Network(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Råd")
        MANAGEMENT_GROUP = "management_group", _("Ledningsgrupp")
        FORUM = "forum", _("Forum")
        NETWORK = "network", _("Nätverk")
        WORKING_GROUP = "working_group", _("Arbetsgrupp")
        INTER_REGIONAL = "inter_regional", _("Interregional plattform")

    class Mandate(models.TextChoices):
        NONE = "none", _("Inget mandat (informellt)")
        ADVISORY = "advisory", _("Rådgivande, kan ge rekommendationer")
        PREPARES = "prepares", _("Bereder ärenden")
        DECIDES = "decides", _("Beslutar")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktivt")
        PAUSED = "paused", _("Vilande")
        CLOSED = "closed", _("Avslutat")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Offentligt")
        INTERNAL = "internal", _("Internt")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True, help_text=_("T.ex. FOL eller KC/RD."))
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, db_index=True)
    purpose = models.TextField(_("syfte"), blank=True)
    mandate = models.CharField(_("mandat"), max_length=20, choices=Mandate.choices, default=Mandate.NONE)
    mandate_note = models.TextField(_("om mandatet"), blank=True, help_text=_("T.ex. vem som kan ändra uppdraget."))
    target_group = models.CharField(_("målgrupp"), max_length=300, blank=True)
    convenor = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("sammankallande organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_networks",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samordnare"),
        blank=True,
        related_name="coordinated_networks",
        help_text=_("Användare som förvaltar nätverket: medlemmar, möten, dagordning och protokoll."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("minst antal möten per år"), null=True, blank=True, help_text=_("Mötesrytm: minst så här många möten per år.")
    )
    rhythm_note = models.CharField(_("om mötesrytmen"), max_length=300, blank=True)
    rotating_host = models.BooleanField(_("roterande värdskap"), default=False)
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dagar före möte"), default=3, help_text=_("0 betyder ingen påminnelse.")
    )
    focus_areas = models.ManyToManyField(FocusArea, verbose_name=_("fokusområden"), blank=True, related_name="networks")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    visibility = models.CharField(
        _("synlighet"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    website = models.URLField(_("webbplats"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network_detail", kwargs={"slug": self.slug})


class NetworkLine(models.Model):
    """A governance line between two networks: `source` reports to / prepares matters for `target`."""

    class Kind(models.TextChoices):
        REPORTS_TO = "reports_to", _("rapporterar till")
        PREPARES_FOR = "prepares_for", _("bereder ärenden för")

    source = models.ForeignKey(Network, verbose_name=_("från"), on_delete=models.CASCADE, related_name="lines_out")
    target = models.ForeignKey(Network, verbose_name=_("till"), on_delete=models.CASCADE, related_name="lines_in")
    kind = models.CharField(_("typ av linje"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    class Meta:
        ordering = ["source__name", "kind"]
        verbose_name = _("linje mellan nätverk")
        verbose_name_plural = _("linjer mellan nätverk")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="network_line_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="network_line_not_to_itself",
                violation_error_message=_("Ett nätverk kan inte ha en linje till sig självt."),
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    SECRETARY = "secretary", _("Sekreterare")
    MEMBER = "member", _("Ledamot")
    CONTACT_PERSON = "contact_person", _("Kontaktperson")
    SUBSTITUTE = "substitute", _("Ersättare")


class CompositionRule(models.Model):
    """What the network says its membership should be: `min_count`–`max_count` people with
    `role` (when blank: the seats, i.e. any role but substitute and secretary) from each organisation the rule covers —
    one organisation, every organisation of a kind, or (neither) every member organisation.
    A rule for one organisation overrides a kind rule for it. The maximum is enforced when
    memberships are saved; a shortfall is shown on the network page."""

    network = models.ForeignKey(Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="rules")
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_kind = models.CharField(_("organisationstyp"), max_length=20, blank=True)
    role = models.CharField(_("roll"), max_length=20, choices=MembershipRole.choices, blank=True)
    min_count = models.PositiveSmallIntegerField(_("minst"), default=0)
    max_count = models.PositiveSmallIntegerField(_("högst"), null=True, blank=True)
    note = models.CharField(_("beskrivning"), max_length=300, blank=True)

    class Meta:
        ordering = ["network", "organisation", "organisation_kind"]
        verbose_name = _("sammansättningsregel")
        verbose_name_plural = _("sammansättningsregler")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_count__isnull=True) | Q(max_count__gte=F("min_count")),
                name="composition_rule_max_not_below_min",
                violation_error_message=_("Högsta antal får inte vara lägre än minsta antal."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(organisation_kind=""),
                name="composition_rule_one_scope",
                violation_error_message=_("Ange antingen en organisation eller en organisationstyp, inte båda."),
            ),
        ]

    def __str__(self):
        return self.note or f"{self.network}: {self.min_count}–{self.max_count or '∞'}"

    @property
    def organisation_kind_label(self) -> str:
        from .organisations import Organisation

        return Organisation.Kind(self.organisation_kind).label if self.organisation_kind else ""


class Membership(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "networks.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("roll"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    start = models.DateField(_("från och med"))
    end = models.DateField(_("till och med"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "organisation__name", "role", "person__name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="membership_end_not_before_start",
                violation_error_message=_("Slutdatum kan inte vara före startdatum."),
            ),
        ]
        indexes = [models.Index(fields=["network", "organisation"])]

    def __str__(self):
        who = self.person.name if self.person_id else str(self.organisation)
        return _("%(who)s, %(role)s i %(network)s") % {
            "who": who,
            "role": self.get_role_display(),
            "network": self.network,
        }


class MemberGroup(models.Model):
    """A named subset of a network's member organisations, e.g. the rural municipalities,
    that a meeting can invite instead of everyone."""

    network = models.ForeignKey(Network, verbose_name=_("nätverk"), on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("namn"), max_length=120)
    organisations = models.ManyToManyField(
        "networks.Organisation", verbose_name=_("organisationer"), related_name="network_groups"
    )

    class Meta:
        ordering = ["network", "name"]
        verbose_name = _("medlemsgrupp")
        verbose_name_plural = _("medlemsgrupper")
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="member_group_unique_name")]

    def __str__(self):
        return f"{self.network}: {self.name}"
