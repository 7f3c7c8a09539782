"""The knowledge library: documents (with versions and files), themes, map layers,
requests for new documents, subscriptions and news items (horizon scanning)."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.geo import SWEREF99TM

from .querysets import DocumentQuerySet, LayerQuerySet, NewsItemQuerySet, RequestQuerySet


class Theme(models.Model):
    """The controlled list of themes the editors keep."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortadress"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("knowledge:search") + f"?theme={self.slug}"


class Document(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Rapport")
        GIS_DATA = "gis_data", _("GIS-data")
        MAP = "map", _("Karta")
        STRUCTURE_IMAGE = "structure_image", _("Strukturbild")
        PLAN = "plan", _("Plan")
        GUIDANCE = "guidance", _("Vägledning")
        STATISTICS = "statistics", _("Statistik")
        HORIZON_SCANNING = "horizon_scanning", _("Omvärldsanalys")

    class Status(models.TextChoices):
        CURRENT = "current", _("Gällande")
        UNDER_REVISION = "under_revision", _("Under revidering")
        SUPERSEDED = "superseded", _("Ersatt")
        WITHDRAWN = "withdrawn", _("Tillbakadragen")

    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("kortadress"), max_length=120, unique=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("teman"), related_name="documents", blank=True)
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, db_index=True)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("utgivare"),
        on_delete=models.PROTECT,
        related_name="published_documents",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_documents",
        help_text=_("Den som håller dokumentet aktuellt och får påminnelser."),
    )
    url = models.URLField(_("extern länk"), blank=True, max_length=500)
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("kommuner som omfattas"),
        related_name="covering_documents",
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    coverage = models.MultiPolygonField(_("geografisk täckning"), srid=SWEREF99TM, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CURRENT, db_index=True)
    is_public = models.BooleanField(_("offentligt"), default=True, help_text=_("Avmarkera för interna dokument."))
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("ersatt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    related = models.ManyToManyField("self", verbose_name=_("relaterade dokument"), blank=True)
    goals = models.ManyToManyField("rus.Goal", verbose_name=_("RUS-effektmål"), related_name="documents", blank=True)
    agenda_items = models.ManyToManyField(
        "networks.AgendaItem", verbose_name=_("dagordningspunkter"), related_name="documents", blank=True
    )
    review_by = models.DateField(_("granskas senast"), null=True, blank=True, db_index=True)
    reminder_sent_for = models.DateField(_("påminnelse skickad för"), null=True, blank=True, editable=False)
    view_count = models.PositiveIntegerField(_("visningar"), default=0, editable=False)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("uppdaterad"), default=timezone.now, db_index=True)

    # Text of the current version's readable files, kept by services.document_file_extract.
    file_text = models.TextField(_("text ur filer"), blank=True, editable=False)
    # Maintained by the database triggers of migrations 0002 and 0005 (themes, municipalities, publisher).
    search_vector = SearchVectorField(null=True, editable=False)
    search_title = models.TextField(blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        indexes = [
            GinIndex(fields=["search_vector"], name="knowledge_doc_search_gin"),
            GinIndex(fields=["search_title"], name="knowledge_doc_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["is_public", "status"], name="knowledge_doc_visibility"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:document_detail", kwargs={"slug": self.slug})

    @property
    def needs_review(self) -> bool:
        return bool(self.review_by and self.review_by < timezone.localdate())


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("dokument"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    label = models.CharField(_("versionsbeteckning"), max_length=60, blank=True, help_text=_("T.ex. 2026 eller 2.1."))
    note = models.TextField(_("vad som ändrats"), blank=True)
    published_on = models.DateField(_("publicerad"), default=timezone.localdate)
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skapad av"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="knowledge_version_unique")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def get_absolute_url(self):
        return reverse("knowledge:version_detail", kwargs={"slug": self.document.slug, "number": self.number})


def _file_path(instance, filename):
    return f"dokument/{instance.version.document_id}/v{instance.version.number}/{filename}"


class DocumentFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        OFFICE = "office", _("Office-dokument")
        GEOPACKAGE = "geopackage", _("GeoPackage")
        OTHER = "other", _("Annan fil")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Väntar på textutläsning")
        DONE = "done", _("Texten är inläst")
        EMPTY = "empty", _("Ingen text hittades (skannad bild?)")
        ENCRYPTED = "encrypted", _("Krypterad PDF, texten kunde inte läsas")
        UNREADABLE = "unreadable", _("Trasig fil, texten kunde inte läsas")
        NOT_APPLICABLE = "not_applicable", _("Ingen textutläsning för filtypen")

    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("fil"), upload_to=_file_path, max_length=300)
    name = models.CharField(_("filnamn"), max_length=200)
    kind = models.CharField(_("filtyp"), max_length=20, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("storlek (byte)"), default=0)
    extraction = models.CharField(
        _("textutläsning"), max_length=20, choices=Extraction.choices, default=Extraction.PENDING
    )
    extracted_text = models.TextField(_("utläst text"), blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("antal sidor"), null=True, blank=True)

    class Meta:
        ordering = ["version", "name"]
        verbose_name = _("fil")
        verbose_name_plural = _("filer")

    def __str__(self):
        return self.name


class Layer(models.Model):
    """A map layer (GIS data) uploaded as GeoJSON, GeoPackage or a zipped Shapefile."""

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    document = models.ForeignKey(
        Document, verbose_name=_("dokument"), on_delete=models.CASCADE, null=True, blank=True, related_name="layers"
    )
    source_name = models.CharField(_("källfil"), max_length=200)
    source_srid = models.PositiveIntegerField(_("källans koordinatsystem (EPSG)"))
    feature_count = models.PositiveIntegerField(_("antal objekt"), default=0)
    is_public = models.BooleanField(_("offentligt"), default=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uppladdat av"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("uppladdat"), default=timezone.now)

    objects = LayerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kartlager")
        verbose_name_plural = _("kartlager")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("knowledge:layer_detail", kwargs={"pk": self.pk})


class LayerFeature(models.Model):
    layer = models.ForeignKey(Layer, verbose_name=_("kartlager"), on_delete=models.CASCADE, related_name="features")
    number = models.PositiveIntegerField(_("nummer i filen"))
    geometry = models.GeometryField(_("geometri"), srid=SWEREF99TM)
    properties = models.JSONField(_("egenskaper"), default=dict, blank=True)

    class Meta:
        ordering = ["layer", "number"]
        verbose_name = _("objekt")
        verbose_name_plural = _("objekt")


class DocumentRequest(models.Model):
    """A request for a new planning document (activity 1c), proposed by a municipality."""

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        UNDER_REVIEW = "under_review", _("Bereds")
        PLANNED = "planned", _("Planerad")
        IN_PRODUCTION = "in_production", _("Tas fram")
        PUBLISHED = "published", _("Publicerad")
        DECLINED = "declined", _("Avslagen")

    topic = models.CharField(_("ämne"), max_length=200)
    reason = models.TextField(_("varför behövs underlaget"))
    municipalities = models.ManyToManyField(
        Organisation, verbose_name=_("kommuner"), related_name="document_requests", blank=True
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("teman"), related_name="requests", blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("föreslagen av"), on_delete=models.PROTECT, related_name="proposed_requests"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("föreslagen av person"), on_delete=models.SET_NULL, null=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    status_reason = models.TextField(_("motivering"), blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("publicerat dokument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("föreslagen"), default=timezone.now)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("önskemål om underlag")
        verbose_name_plural = _("önskemål om underlag")

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("knowledge:request_detail", kwargs={"pk": self.pk})


class RequestSupport(models.Model):
    request = models.ForeignKey(
        DocumentRequest, verbose_name=_("önskemål"), on_delete=models.CASCADE, related_name="supports"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="request_supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(_("stöttat"), default=timezone.now)

    class Meta:
        verbose_name = _("stöd för önskemål")
        verbose_name_plural = _("stöd för önskemål")
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="knowledge_support_once_per_org")
        ]


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    theme = models.ForeignKey(Theme, verbose_name=_("tema"), on_delete=models.CASCADE, null=True, blank=True)
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("kommun"), on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theme__isnull=False) | models.Q(municipality__isnull=False),
                name="knowledge_subscription_has_target",
            ),
            models.UniqueConstraint(
                fields=["user", "theme", "municipality"], name="knowledge_subscription_unique", nulls_distinct=False
            ),
        ]


class NewsItem(models.Model):
    """Horizon scanning (omvärldsbevakning)."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("Nationellt")
        NEIGHBOUR = "neighbour", _("Grannlän")
        EU = "eu", _("EU")
        REGIONAL = "regional", _("Regionalt")

    title = models.CharField(_("rubrik"), max_length=300)
    url = models.URLField(_("länk"), max_length=500)
    source = models.CharField(_("källa"), max_length=200)
    published_on = models.DateField(_("datum"), db_index=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("teman"), related_name="news_items", blank=True)
    scope = models.CharField(_("omfattning"), max_length=20, choices=Scope.choices)
    summary = models.TextField(_("kort om nyheten"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    created_at = models.DateTimeField(_("inlagd"), default=timezone.now)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("omvärldsnyhet")
        verbose_name_plural = _("omvärldsnyheter")

    def __str__(self):
        return self.title
