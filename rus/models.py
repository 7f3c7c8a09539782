"""The regional development strategy (RUS) as data: the strategy and its goals, indicators and
their values per area and year, structure images (strukturbilder) as map layers, yearly
assessments, and the jobs behind imports and the annual follow-up report."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planportal.geo import SWEREF99TM

from .querysets import (
    AnnualReportQuerySet,
    AssessmentQuerySet,
    GoalQuerySet,
    IndicatorQuerySet,
    IndicatorValueQuerySet,
    StrategyPartQuerySet,
    StrategyQuerySet,
    StructureFeatureQuerySet,
    StructureImageQuerySet,
)

year_validators = [MinValueValidator(1990), MaxValueValidator(2100)]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")


class Strategy(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)
    period_start = models.PositiveSmallIntegerField(_("period från år"), validators=year_validators)
    period_end = models.PositiveSmallIntegerField(_("period till år"), validators=year_validators)
    adopted_on = models.DateField(_("antagen"), null=True, blank=True)
    adopted_by = models.CharField(_("antagen av"), max_length=200, blank=True)
    vision = models.TextField(_("vision"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT, db_index=True
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="rus_strategy_period_order",
                violation_error_message=_("Periodens slutår får inte vara före startåret."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.period_start}–{self.period_end})"

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    def get_absolute_url(self):
        return reverse("rus:strategy_detail", kwargs={"slug": self.slug})


class OverarchingGoal(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategi"), on_delete=models.CASCADE, related_name="overarching_goals"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    objects = StrategyPartQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "order", "name"]
        verbose_name = _("övergripande mål")
        verbose_name_plural = _("övergripande mål")
        constraints = [models.UniqueConstraint(fields=["strategy", "name"], name="rus_overarching_goal_unique")]

    def __str__(self):
        return self.name


class PriorityArea(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategi"), on_delete=models.CASCADE, related_name="priority_areas"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    objects = StrategyPartQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "order", "name"]
        verbose_name = _("prioriterat område")
        verbose_name_plural = _("prioriterade områden")
        constraints = [models.UniqueConstraint(fields=["strategy", "name"], name="rus_priority_area_unique")]

    def __str__(self):
        return self.name


class StrategicDirection(models.Model):
    priority_area = models.ForeignKey(
        PriorityArea, verbose_name=_("prioriterat område"), on_delete=models.CASCADE, related_name="directions"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.TextField(_("strategisk inriktning"))
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        ordering = ["priority_area", "order", "id"]
        verbose_name = _("strategisk inriktning")
        verbose_name_plural = _("strategiska inriktningar")

    def __str__(self):
        return self.text[:80]


class Agenda2030Goal(models.Model):
    """The 17 UN Sustainable Development Goals, as reference data."""

    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("namn"), max_length=200)
    name_en = models.CharField(_("namn på engelska"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("globalt mål (Agenda 2030)")
        verbose_name_plural = _("globala mål (Agenda 2030)")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Goal(models.Model):
    """An effect goal (effektmål) of the strategy. Other apps link to it (documents, referral
    replies, agenda items) and register where they do in rus.registry."""

    strategy = models.ForeignKey(Strategy, verbose_name=_("strategi"), on_delete=models.CASCADE, related_name="goals")
    overarching_goal = models.ForeignKey(
        OverarchingGoal,
        verbose_name=_("övergripande mål"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
    )
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("prioriterat område"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
    )
    code = models.CharField(_("nummer"), max_length=10, help_text=_("T.ex. 3 eller 3.1."))
    name = models.CharField(_("namn"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    agenda2030_goals = models.ManyToManyField(
        Agenda2030Goal, verbose_name=_("globala mål (Agenda 2030)"), blank=True, related_name="rus_goals"
    )
    # Network agenda items that take up the goal; declared here so that networks never imports rus.
    agenda_items = models.ManyToManyField(
        "networks.AgendaItem", verbose_name=_("punkter på dagordningar"), blank=True, related_name="rus_goals"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "order", "code"]
        verbose_name = _("effektmål")
        verbose_name_plural = _("effektmål")
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="rus_goal_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("rus:goal_detail", kwargs={"pk": self.pk})


class Indicator(models.Model):
    class Source(models.TextChoices):
        KOLADA = "kolada", _("Kolada")
        SCB = "scb", _("SCB")
        OWN = "own", _("Egen")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Högre är bättre")
        LOWER = "lower", _("Lägre är bättre")

    goal = models.ForeignKey(Goal, verbose_name=_("effektmål"), on_delete=models.CASCADE, related_name="indicators")
    slug = models.SlugField(_("kortadress"), max_length=80, unique=True)
    name = models.CharField(_("namn"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default=Source.KOLADA)
    source_id = models.CharField(
        _("källans id"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("T.ex. Koladas nyckeltals-id N00914. Används vid import av värden."),
    )
    better = models.CharField(_("bättre riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline_year = models.PositiveSmallIntegerField(_("utgångsår"), validators=year_validators)
    baseline_value = models.DecimalField(_("utgångsvärde"), max_digits=14, decimal_places=3)
    target_year = models.PositiveSmallIntegerField(_("målår"), validators=year_validators)
    target_value = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=3)
    areas = models.ManyToManyField(
        "networks.Organisation",
        verbose_name=_("mäts för"),
        related_name="rus_indicators",
        blank=True,
        help_text=_("Länet (Region Örebro län) och de kommuner som indikatorn mäts för."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.PUBLISHED
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["goal__order", "goal__code", "order", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gt=F("baseline_year")),
                name="rus_indicator_target_after_baseline",
                violation_error_message=_("Målåret måste vara efter utgångsåret."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rus:indicator_detail", kwargs={"slug": self.slug})


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    area = models.ForeignKey(
        "networks.Organisation", verbose_name=_("område"), on_delete=models.PROTECT, related_name="rus_values"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    is_preliminary = models.BooleanField(_("preliminärt"), default=False)
    source_note = models.CharField(_("källanteckning"), max_length=300, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)
    updated_at = models.DateTimeField(_("uppdaterad"), auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area__name", "year"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "year"], name="rus_value_unique_per_area_year")
        ]
        indexes = [models.Index(fields=["indicator", "year"], name="rus_value_indicator_year")]

    def __str__(self):
        return f"{self.indicator} {self.area} {self.year}: {self.value}"


class Assessment(models.Model):
    """Staff's written assessment of an effect goal for one year."""

    class Rating(models.TextChoices):
        GOOD = "good", _("God utveckling")
        SOME = "some", _("Viss utveckling")
        NONE = "none", _("Ingen utveckling")
        NEGATIVE = "negative", _("Negativ utveckling")
        UNCLEAR = "unclear", _("Går inte att bedöma")

    goal = models.ForeignKey(Goal, verbose_name=_("effektmål"), on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    rating = models.CharField(_("bedömning"), max_length=10, choices=Rating.choices)
    text = models.TextField(_("skriftlig bedömning"))
    status = models.CharField(
        _("status"), max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("författare"), on_delete=models.SET_NULL, null=True, blank=True
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)
    updated_at = models.DateTimeField(_("uppdaterad"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "-year"]
        verbose_name = _("årlig bedömning")
        verbose_name_plural = _("årliga bedömningar")
        constraints = [models.UniqueConstraint(fields=["goal", "year"], name="rus_assessment_unique_per_year")]

    def __str__(self):
        return f"{self.goal} {self.year}"


class StructureImage(models.Model):
    """A structure image (strukturbild): a map layer of corridors, nodes and areas."""

    key = models.SlugField(_("nyckel"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    target_year = models.PositiveSmallIntegerField(_("målår"), null=True, blank=True, validators=year_validators)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(
        _("schematiskt exempel"), default=False, help_text=_("Geometrin är schematisk exempeldata.")
    )

    objects = StructureImageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("strukturbild")
        verbose_name_plural = _("strukturbilder")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rus:structure_image_detail", kwargs={"key": self.key})


class StructureFeature(models.Model):
    class Kind(models.TextChoices):
        PRIMARY_CORRIDOR = "primary_corridor", _("Primärt stråk")
        SECONDARY_CORRIDOR = "secondary_corridor", _("Sekundärt stråk")
        NODE = "node", _("Nod")
        LOGISTICS_AREA = "logistics_area", _("Logistikområde")

    # Which geometry types each kind may have (checked by the services and the importer).
    GEOMETRY_TYPES = {
        Kind.PRIMARY_CORRIDOR: ("LineString", "MultiLineString"),
        Kind.SECONDARY_CORRIDOR: ("LineString", "MultiLineString"),
        Kind.NODE: ("Point", "MultiPoint"),
        Kind.LOGISTICS_AREA: ("Polygon", "MultiPolygon"),
    }

    image = models.ForeignKey(
        StructureImage, verbose_name=_("strukturbild"), on_delete=models.CASCADE, related_name="features"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    geometry = models.GeometryField(_("geometri"), srid=SWEREF99TM)
    is_example = models.BooleanField(_("schematiskt exempel"), default=False)

    objects = StructureFeatureQuerySet.as_manager()

    class Meta:
        ordering = ["image", "kind", "name"]
        verbose_name = _("strukturbildsobjekt")
        verbose_name_plural = _("strukturbildsobjekt")
        constraints = [models.UniqueConstraint(fields=["image", "kind", "name"], name="rus_structure_feature_unique")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ValueImport(models.Model):
    """An upload of indicator values; the Celery task writes its progress here and the page polls."""

    file = models.FileField(_("fil"), upload_to="rus/imports/%Y/")
    original_name = models.CharField(_("filnamn"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rader"), default=0)
    processed_rows = models.PositiveIntegerField(_("behandlade rader"), default=0)
    created_count = models.PositiveIntegerField(_("nya värden"), default=0)
    updated_count = models.PositiveIntegerField(_("ändrade värden"), default=0)
    unchanged_count = models.PositiveIntegerField(_("oförändrade värden"), default=0)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uppladdad av"), on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import av indikatorvärden")
        verbose_name_plural = _("importer av indikatorvärden")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE or self.status == JobStatus.FAILED:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(self.processed_rows * 100 / self.total_rows))

    def get_absolute_url(self):
        return reverse("rus:import_detail", kwargs={"pk": self.pk})


class AnnualReport(models.Model):
    """One archived version of the annual follow-up (årlig uppföljning) for a year."""

    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    strategy = models.ForeignKey(Strategy, verbose_name=_("strategi"), on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    step = models.CharField(_("steg"), max_length=200, blank=True)
    html = models.TextField(_("HTML"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="rus/reports/%Y/", blank=True)
    error = models.TextField(_("fel"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beställd av"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("årlig uppföljning")
        verbose_name_plural = _("årliga uppföljningar")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "year", "version"], name="rus_report_version_unique")
        ]

    def __str__(self):
        return f"{self.strategy.name} {self.year} v{self.version}"

    def get_absolute_url(self):
        return reverse("rus:report_detail", kwargs={"pk": self.pk})
