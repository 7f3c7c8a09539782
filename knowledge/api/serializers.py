from django.core.validators import MaxLengthValidator, MinLengthValidator
from rest_framework import serializers
from rest_framework.fields import empty

from planportal.files import FileUrlField

from ..downloads import document_file_url
from ..models import Document, DocumentFile, DocumentRequest, DocumentVersion, Layer, NewsItem, Theme
from ..services.documents import TITLE_MAX_LENGTH
from ..services.requests import TOPIC_MAX_LENGTH


class ServiceRuleMixin:
    """An input field whose rules (present, not blank, how long, which values) are the service's
    (knowledge.services validate_*_fields, the same the page forms call): the field converts the
    value and the schema shows the rule, but the check and its message are the service's, once.
    A missing required value or null reaches the service as None, which names it."""

    def run_validators(self, value):
        # the length validators stay on the field for the schema (maxLength) but are not run here
        rules = self.validators
        self.validators = [v for v in rules if not isinstance(v, (MaxLengthValidator, MinLengthValidator))]
        try:
            super().run_validators(value)
        finally:
            self.validators = rules

    def validate_empty_values(self, data):
        if (data is empty and self.required) or data is None:
            return True, None
        return super().validate_empty_values(data)


class ServiceText(ServiceRuleMixin, serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)


class ServiceChoice(ServiceRuleMixin, serializers.ChoiceField):
    def to_internal_value(self, data):
        if isinstance(data, str):
            return data  # which values are allowed is the service's rule
        self.fail("invalid_choice", input=data)


class ServiceDate(ServiceRuleMixin, serializers.DateField):
    pass


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class OptionalURLField(serializers.URLField):
    """A web address that may be missing: null in the answer, never "" (not a URI)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class DocumentListSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    publisher = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    publisher_name = serializers.CharField(source="publisher.name", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    municipalities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    needs_review = serializers.BooleanField(read_only=True)
    rank = serializers.FloatField(read_only=True, required=False, allow_null=True, default=None)
    external_url = OptionalURLField(source="url")

    class Meta:
        model = Document
        fields = [
            "slug",
            "title",
            "summary",
            "year",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "is_public",
            "publisher",
            "publisher_name",
            "themes",
            "municipalities",
            "external_url",
            "review_by",
            "needs_review",
            "is_example",
            "updated_at",
            "url",
            "rank",
        ]


class FileSerializer(serializers.ModelSerializer):
    extraction_label = serializers.CharField(source="get_extraction_display", read_only=True)
    download = FileUrlField(url_for=document_file_url)  # through visible_to, never /media/

    class Meta:
        model = DocumentFile
        fields = ["name", "kind", "size", "extraction", "extraction_label", "page_count", "download"]


class VersionSerializer(serializers.ModelSerializer):
    files = FileSerializer(many=True, read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = DocumentVersion
        fields = ["number", "label", "note", "published_on", "superseded_at", "is_current", "files"]


class DocumentDetailSerializer(DocumentListSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    coverage = serializers.SerializerMethodField()
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    superseded_by = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta(DocumentListSerializer.Meta):
        fields = DocumentListSerializer.Meta.fields + ["versions", "goals", "superseded_by", "coverage"]

    def get_coverage(self, obj) -> dict | None:
        """The coverage as a GeoJSON geometry in WGS 84 (EPSG:4326)."""
        import json

        if obj.coverage is None:
            return None
        return json.loads(obj.coverage.transform(4326, clone=True).json)


class DocumentInputSerializer(serializers.Serializer):
    """Identifiers, not ids: publisher by slug, municipalities by SCB code, themes by slug."""

    title = ServiceText(max_length=TITLE_MAX_LENGTH)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField()
    kind = ServiceChoice(choices=Document.Kind.choices)
    publisher = serializers.CharField(help_text="Utgivarens kortadress (slug), t.ex. region-orebro-lan.")
    municipalities = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    themes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    goals = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    is_public = serializers.BooleanField(required=False, default=True)
    review_by = serializers.DateField(required=False, allow_null=True, default=None)
    status = ServiceChoice(choices=Document.Status.choices, required=False, default=Document.Status.CURRENT)
    coverage = serializers.JSONField(
        required=False, allow_null=True, default=None, help_text="GeoJSON-geometri (Polygon/MultiPolygon) i WGS 84."
    )


class DocumentUpdateSerializer(DocumentInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if hasattr(field, "default"):
                field.default = empty


class SupersedeInputSerializer(serializers.Serializer):
    by = serializers.CharField(help_text="Kortadressen (slug) till dokumentet som ersätter detta.")


class VersionInputSerializer(serializers.Serializer):
    label = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReviewedInputSerializer(serializers.Serializer):
    review_by = ServiceDate()


class LayerSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    features_url = serializers.SerializerMethodField()

    class Meta:
        model = Layer
        fields = [
            "id",
            "name",
            "description",
            "document",
            "source_name",
            "source_srid",
            "feature_count",
            "is_public",
            "is_example",
            "created_at",
            "features_url",
        ]

    def get_features_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("layer-features", args=[obj.pk])


class LayerInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.CharField(required=False, allow_blank=True, default="", help_text="Dokumentets slug.")
    is_public = serializers.BooleanField(required=False, default=True)


class RequestSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    municipalities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    supporting_organisations = serializers.SerializerMethodField()
    support_count = serializers.IntegerField(read_only=True)
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = DocumentRequest
        fields = [
            "id",
            "topic",
            "reason",
            "municipalities",
            "organisation",
            "status",
            "status_label",
            "status_reason",
            "document",
            "support_count",
            "supporting_organisations",
            "is_example",
            "created_at",
        ]

    def get_supporting_organisations(self, obj) -> list[str]:
        return sorted(s.organisation.slug for s in obj.supports.all())


class RequestInputSerializer(serializers.Serializer):
    topic = ServiceText(max_length=TOPIC_MAX_LENGTH)
    reason = ServiceText()
    municipalities = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text='SCB-koder, t.ex. ["1880"].'
    )
    themes = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class RequestStatusInputSerializer(serializers.Serializer):
    status = ServiceChoice(choices=DocumentRequest.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.CharField(required=False, allow_blank=True, default="", help_text="Dokumentets slug.")


class NewsItemSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    scope_label = serializers.CharField(source="get_scope_display", read_only=True)

    class Meta:
        model = NewsItem
        fields = [
            "id",
            "title",
            "url",
            "source",
            "published_on",
            "scope",
            "scope_label",
            "themes",
            "summary",
            "is_example",
        ]
