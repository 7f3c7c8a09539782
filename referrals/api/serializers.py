"""Serializers of the cases API (referrals/api/cases.py, workflow.py).

Output: a case's public columns for everyone (the register is public); internal fields — notes,
contact, assignee, triage, version, the interest checklist, the event trail, extensions — only
when the request's user is a case officer (`querysets.is_case_officer`); they are left out of
the answer otherwise, so they are declared optional in the schema (not read-only fields, which
drf-spectacular would mark required). Documents come from ReferralDocument.visible_to(user) with
download addresses through the portal; the reply only when visible (sent, or to officers).

Input: one small serializer per action; each action calls the service the page calls."""

import json

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from networks.models import Organisation
from planportal.files import FileUrlField
from planportal.geo import WGS84

from ..models import InterestMatch, Phase, PlanType, Referral, ReferralDocument, ReferralEvent
from ..querysets import is_case_officer
from .replies import ReplySerializer

OFFICERS_ONLY = _("Bara för handläggare; saknas i svaret till andra.")


def _officer(context) -> bool:
    request = context.get("request")
    return request is not None and is_case_officer(request.user)


def person_name(user) -> str:
    person = getattr(user, "person", None)
    if person is not None and getattr(person, "name", ""):
        return person.name
    return user.get_full_name() or user.get_username()


# --- parts ------------------------------------------------------------------------------------


class SenderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text=_("SCB-kod för en kommun, annars tom."))


class OfficerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text=_("file: uppladdad fil; link: en länk till avsändarens sida."))
    download = FileUrlField(
        url_for=lambda d: d.get_absolute_url(),
        help_text=_("Filen genom portalen (med samma behörighet), eller länken."),
    )

    class Meta:
        model = ReferralDocument
        fields = ["id", "name", "kind", "is_public", "content_type", "size", "from_email", "created_at", "download"]
        read_only_fields = fields

    def get_kind(self, document) -> str:
        return "file" if document.file else "link"


class InterestSerializer(serializers.ModelSerializer):
    # Plain text, not an enum: a second "source" enum would rename the indicators' SourceEnum.
    source = serializers.CharField(read_only=True, help_text=_("structure, layer, document eller referral."))

    class Meta:
        model = InterestMatch
        fields = ["id", "source", "object_id", "title", "detail", "url", "distance_m", "suggested_text", "decision"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = OfficerRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = ReferralEvent
        fields = ["id", "kind", "at", "actor", "summary", "data"]
        read_only_fields = fields


class ExtensionSerializer(serializers.Serializer):
    previous_deadline = serializers.DateField()
    new_deadline = serializers.DateField()
    reason = serializers.CharField()
    granted_by = serializers.CharField(allow_blank=True)
    recorded_at = serializers.DateTimeField()


class PreviousSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    diary_number = serializers.CharField()


# --- the case ---------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    """A case in the list: the register's columns, days left; for officers the assignee,
    triage and version too."""

    sender = SenderSerializer(read_only=True)
    days_left = serializers.SerializerMethodField(help_text=_("Dagar kvar till sista svarsdag (negativt: passerad)."))
    is_overdue = serializers.SerializerMethodField(help_text=_("Öppen och sista svarsdag passerad."))
    # Internal (see the module's docstring): present only in officers' answers.
    assignee = OfficerRefSerializer(allow_null=True, required=False, help_text=OFFICERS_ONLY)
    triage = serializers.ChoiceField(
        choices=Referral.Triage.choices, allow_blank=True, required=False, help_text=OFFICERS_ONLY
    )
    version = serializers.IntegerField(
        required=False, help_text=_("Bara för handläggare: skickas med ändringar (skydd mot att skriva över).")
    )

    OFFICER_FIELDS = ("assignee", "triage", "version")

    class Meta:
        model = Referral
        fields = [
            "id",
            "diary_number",
            "diary_year",
            "diary_seq",
            "sender",
            "sender_reference",
            "plan_name",
            "plan_type",
            "phase",
            "received",
            "deadline",
            "status",
            "days_left",
            "is_overdue",
            "is_example",
            "assignee",
            "triage",
            "version",
        ]

    def get_days_left(self, referral) -> int:
        return referral.days_left()

    def get_is_overdue(self, referral) -> bool:
        return referral.is_overdue()

    @property
    def _readable_fields(self):
        # Internal fields are not even read for others (no query, nothing to leak).
        officer = _officer(self.context)
        for field in super()._readable_fields:
            if officer or field.field_name not in self.OFFICER_FIELDS:
                yield field


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "MultiPolygon i EPSG:4326 (longitud, latitud); null utan planområde",
        "properties": {"type": {"type": "string", "enum": ["MultiPolygon"]}, "coordinates": {"type": "array"}},
    }
)
class AreaGeoJSONField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, area):
        if area is None:
            return None
        return json.loads(area.transform(WGS84, clone=True).geojson)


class ReferralDetailSerializer(ReferralSerializer):
    """One case: the list's fields, the plan area, the earlier phase, the documents the user may
    see and the reply when visible; for officers the internal fields too."""

    area = AreaGeoJSONField()
    previous = PreviousSerializer(allow_null=True, read_only=True)
    documents = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField(help_text=_("Yttrandet: skickat, eller i alla skeden för handläggare."))
    register_url = serializers.SerializerMethodField(help_text=_("Ärendets sida i det publika diariet."))
    internal_notes = serializers.CharField(required=False, help_text=OFFICERS_ONLY)
    contact_name = serializers.CharField(required=False, help_text=OFFICERS_ONLY)
    contact_email = serializers.CharField(required=False, help_text=OFFICERS_ONLY)
    contact_phone = serializers.CharField(required=False, help_text=OFFICERS_ONLY)
    interests = InterestSerializer(many=True, required=False, help_text=OFFICERS_ONLY)
    events = EventSerializer(
        many=True, required=False, source="timeline", help_text=_("Bara för handläggare: händelserna, senaste först.")
    )
    extensions = ExtensionSerializer(many=True, required=False, help_text=OFFICERS_ONLY)

    OFFICER_FIELDS = (
        *ReferralSerializer.OFFICER_FIELDS,
        "internal_notes",
        "contact_name",
        "contact_email",
        "contact_phone",
        "interests",
        "events",
        "extensions",
    )

    class Meta(ReferralSerializer.Meta):
        fields = [
            *ReferralSerializer.Meta.fields,
            "area",
            "area_source",
            "previous",
            "closed_at",
            "register_url",
            "documents",
            "reply",
            "internal_notes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "interests",
            "events",
            "extensions",
        ]

    def get_register_url(self, referral) -> str:
        request = self.context.get("request")
        url = referral.get_public_url()
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, referral):
        # Prefetched by the view from ReferralDocument.objects.visible_to(user).
        return DocumentSerializer(referral.visible_documents, many=True, context=self.context).data

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, referral):
        reply = self.context.get("reply")
        return None if reply is None else ReplySerializer(reply, context=self.context).data


class ReferralSavedSerializer(ReferralDetailSerializer):
    """The case as saved, with what the officer should check (duplicates confirmed, a repaired
    or far-away area, attachments left out)."""

    warnings = serializers.SerializerMethodField()

    class Meta(ReferralDetailSerializer.Meta):
        fields = [*ReferralDetailSerializer.Meta.fields, "warnings"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, referral):
        return [str(w) for w in self.context.get("warnings") or []]


# --- input ------------------------------------------------------------------------------------


class SenderField(serializers.Field):
    """An organisation by SCB code (municipalities, e.g. 1880) or by slug (e.g. trafikverket)."""

    default_error_messages = {
        "unknown": _("Okänd avsändare {value}: ange kommunens SCB-kod (t.ex. 1880) eller organisationens kortadress.")
    }

    def to_internal_value(self, data):
        value = str(data).strip()[:100]
        if not value or "\x00" in value:
            self.fail("unknown", value=value.replace("\x00", ""))
        organisation = Organisation.objects.filter(Q(slug=value) | Q(code=value)).order_by("pk").first()
        if organisation is None:
            self.fail("unknown", value=value)
        return organisation

    def to_representation(self, value):
        return value.code or value.slug


extend_schema_field(OpenApiTypes.STR)(SenderField)


class GeoJSONInputField(serializers.Field):
    """GeoJSON (an object, or its text) in EPSG:4326; the service reads it."""

    def to_internal_value(self, data):
        if isinstance(data, dict | list):
            return json.dumps(data)
        return str(data)

    def to_representation(self, value):
        return value


extend_schema_field(
    {
        "type": "object",
        "description": "GeoJSON (geometri, Feature eller FeatureCollection) i EPSG:4326; som text i multipart",
        "additionalProperties": True,
    }
)(GeoJSONInputField)


class CaseFieldsSerializer(serializers.Serializer):
    sender_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    plan_name = serializers.CharField(max_length=300)
    plan_type = serializers.ChoiceField(choices=PlanType.choices)
    phase = serializers.ChoiceField(choices=Phase.choices)
    deadline = serializers.DateField()
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    previous = serializers.PrimaryKeyRelatedField(
        queryset=Referral.objects.all(), required=False, allow_null=True, help_text=_("Föregående skedes ärende (id).")
    )


class AreaInputMixin(serializers.Serializer):
    area = GeoJSONInputField(required=False, allow_null=True)
    area_file = serializers.FileField(
        required=False, allow_null=True, help_text=_("GeoJSON, GeoPackage eller zippad Shapefile, i valfritt CRS.")
    )
    whole_municipality = serializers.BooleanField(
        required=False, default=False, help_text=_("Planområdet blir avsändarkommunens hela yta (för en ÖP).")
    )


class DocumentsInputMixin(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    links = serializers.ListField(child=serializers.URLField(max_length=500), required=False, default=list)
    confidential = serializers.BooleanField(
        required=False, default=False, help_text=_("Filerna och länkarna i anropet omfattas av sekretess.")
    )

    def documents(self) -> list[dict]:
        public = not self.validated_data.get("confidential")
        items = [{"file": f, "is_public": public} for f in self.validated_data.get("files") or []]
        return items + [{"url": url, "is_public": public} for url in self.validated_data.get("links") or []]


class RegisterSerializer(CaseFieldsSerializer, AreaInputMixin, DocumentsInputMixin):
    sender = SenderField()
    received = serializers.DateField(required=False, help_text=_("Inkommen; utelämnat: i dag."))
    confirm_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Registrera även när samma avsändare, beteckning och skede redan finns (annars 409)."),
    )


class UpdateSerializer(CaseFieldsSerializer):
    version = serializers.IntegerField(help_text=_("Ärendets version som ändringen bygger på."))
    sender = SenderField(required=False)
    received = serializers.DateField(required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Ärendets version som ändringen bygger på (409 om inaktuell).")
    )


class AreaSetSerializer(VersionSerializer, AreaInputMixin):
    pass


class DocumentAddSerializer(DocumentsInputMixin):
    def validate(self, attrs):
        if not attrs.get("files") and not attrs.get("links"):
            raise serializers.ValidationError({"files": [_("Välj minst en fil eller ange en länk.")]})
        return attrs


class AssignSerializer(VersionSerializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        help_text=_("Handläggarens användar-id; null tar bort handläggaren."),
    )


class TriageSerializer(VersionSerializer):
    decision = serializers.ChoiceField(
        choices=Referral.Triage.choices,
        help_text=_(
            "answer: yttra sig; standard: standardyttrande; decline: avstå (ärendet avslutas, avsändaren meddelas)."
        ),
    )


class ExtendSerializer(VersionSerializer):
    new_deadline = serializers.DateField()
    reason = serializers.CharField()
    granted_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class InterestDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=InterestMatch.Decision.choices,
        allow_blank=True,
        help_text=_("accepted: tas med i yttrandet; dismissed: inte relevant; tom: ej bedömd."),
    )


class PreviousInputSerializer(VersionSerializer):
    previous = serializers.PrimaryKeyRelatedField(queryset=Referral.objects.all(), help_text=_("Föregående skedes id."))


class ReplyTextSerializer(serializers.Serializer):
    introduction = serializers.CharField(required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Yttrandets version som ändringen bygger på.")
    )
