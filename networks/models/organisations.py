"""The shared registry: organisations (the municipalities with their boundaries, the Region,
Länsstyrelsen …) and their people."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planportal.geo import SWEREF99TM

from ..querysets import OrganisationQuerySet, PersonQuerySet

scb_code_validator = RegexValidator(r"^\d{4}$", _("SCB-koden ska vara fyra siffror, t.ex. 1880."))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        COUNTY_BOARD = "county_board", _("Länsstyrelse")
        MUNICIPALITY = "municipality", _("Kommun")
        STATE_AGENCY = "state_agency", _("Statlig myndighet")
        OTHER_REGION = "other_region", _("Annan region")
        COMPANY = "company", _("Företag")
        UNIVERSITY = "university", _("Universitet eller högskola")
        ASSOCIATION = "association", _("Förening eller organisation")
        OTHER = "other", _("Övrig")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, db_index=True)
    code = models.CharField(
        _("SCB-kod"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        validators=[scb_code_validator],
        help_text=_("Kommunkod enligt SCB, fyra siffror. Krävs för kommuner."),
    )
    website = models.URLField(_("webbplats"), blank=True)
    email_domains = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("e-postdomäner"),
        default=list,
        blank=True,
        help_text=_("Domäner som organisationens e-post kommer från, t.ex. orebro.se."),
    )
    boundary = models.MultiPolygonField(_("gräns"), srid=SWEREF99TM, null=True, blank=True)
    seat = models.PointField(_("centralort"), srid=SWEREF99TM, null=True, blank=True)
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(code__isnull=False),
                name="municipality_has_scb_code",
                violation_error_message=_("En kommun måste ha en SCB-kod."),
            ),
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(code__regex=r"^\d{4}$"),
                name="scb_code_four_digits",
                violation_error_message=_("SCB-koden ska vara fyra siffror."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY

    def get_absolute_url(self):
        if self.is_municipality:
            return reverse("networks:municipality_detail", kwargs={"slug": self.slug})
        return reverse("networks:organisation_detail", kwargs={"slug": self.slug})


class Person(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    is_example = models.BooleanField(
        _("exempeldata"), default=False, help_text=_("Påhittad person i demodata; visas som exempeldata.")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return f"{self.name} ({self.organisation.short_name or self.organisation.name})"
