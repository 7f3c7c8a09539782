from collections.abc import Mapping

from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from planportal.geo import WGS84

from .. import selectors
from ..models import (
    AgendaItem,
    FocusArea,
    Invitation,
    Meeting,
    MemberGroup,
    Membership,
    MembershipRole,
    Network,
    NetworkLine,
    Organisation,
    Person,
)
from ..registry import link_providers


class NetworkLineSerializer(serializers.ModelSerializer):
    target = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = NetworkLine
        fields = ["kind", "kind_label", "target", "note"]


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NetworkLeaderSerializer(serializers.Serializer):
    organisation = serializers.SlugField(source="organisation.slug")
    organisation_name = serializers.CharField(source="organisation.name")
    person = PersonRefSerializer(allow_null=True, help_text="Personen visas bara för inloggade; annars null.")
    start = serializers.DateField()


class LeadersField(serializers.ListField):
    """Today's holders of one leading role in the network (a network may be co-chaired)."""

    def __init__(self, role, **kwargs):
        self.role = role
        super().__init__(child=NetworkLeaderSerializer(read_only=True), source="*", read_only=True, **kwargs)

    def to_representation(self, network):
        request = self.context.get("request")
        user = request.user if request is not None else None
        leaders = selectors.network_leaders(user=user, network=network)
        return [self.child.to_representation(m) for m in leaders if m.role == self.role]


class NetworkSerializer(serializers.ModelSerializer):
    convenor = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    focus_areas = serializers.SlugRelatedField(
        slug_field="slug", queryset=FocusArea.objects.all(), many=True, required=False
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    mandate_label = serializers.CharField(source="get_mandate_display", read_only=True)
    lines = NetworkLineSerializer(source="lines_out", many=True, read_only=True)
    chairs = LeadersField(MembershipRole.CHAIR, help_text="Ordförande i dag.")
    vice_chairs = LeadersField(MembershipRole.VICE_CHAIR, help_text="Vice ordförande i dag.")
    secretaries = LeadersField(MembershipRole.SECRETARY, help_text="Sekreterare i dag.")
    member_organisations = serializers.IntegerField(read_only=True)
    next_meeting = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    slug = serializers.SlugField(required=False)

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "purpose",
            "target_group",
            "mandate",
            "mandate_label",
            "mandate_note",
            "convenor",
            "meetings_per_year",
            "rhythm_note",
            "rotating_host",
            "reminder_days",
            "focus_areas",
            "status",
            "visibility",
            "website",
            "lines",
            "chairs",
            "vice_chairs",
            "secretaries",
            "member_organisations",
            "next_meeting",
            "url",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    """Output; the person's name only for signed-in users (see the view)."""

    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    person = serializers.SerializerMethodField()
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "network", "organisation", "organisation_name", "person", "role", "role_label", "start", "end"]

    def get_person(self, obj) -> dict | None:
        request = self.context.get("request")
        if not obj.person_id or not (request and request.user.is_authenticated):
            return None
        return {"id": obj.person_id, "name": obj.person.name}


class MembershipInputSerializer(serializers.Serializer):
    network = serializers.SlugRelatedField(slug_field="slug", queryset=Network.objects.all())
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MembershipEndSerializer(serializers.Serializer):
    end = serializers.DateField(required=False)


class MeetingSerializer(serializers.ModelSerializer):
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    host = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    location = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField()
    invited_group = serializers.CharField(source="invited_group.name", read_only=True, allow_null=True, default=None)
    agenda_deadline = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "sequence",
            "network",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "status",
            "status_label",
            "location_name",
            "address",
            "location",
            "online_url",
            "host",
            "invited_group",
            "agenda_deadline",
            "agenda_published_at",
            "cancelled_reason",
            "url",
        ]

    def get_location(self, obj) -> dict | None:
        """The place as a GeoJSON Point in EPSG:4326."""
        if obj.point is None:
            return None
        p = obj.point.transform(WGS84, clone=True)
        return {"type": "Point", "coordinates": [round(p.x, 6), round(p.y, 6)]}

    def get_online_url(self, obj) -> str:
        # The meeting link is for the invited: shown to the network's insiders only.
        insider_ids = self.context.get("insider_network_ids")
        return obj.online_url if insider_ids is not None and obj.network_id in insider_ids else ""

    def get_agenda_deadline(self, obj) -> str:
        return serializers.DateTimeField().to_representation(selectors.proposal_deadline(obj))


class MeetingInputSerializer(serializers.Serializer):
    network = serializers.SlugRelatedField(slug_field="slug", queryset=Network.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location_name = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="")
    # Whether the place is in Sweden is the meeting services' check (planportal.geo.within_sweden).
    longitude = serializers.FloatField(required=False, allow_null=True, help_text="WGS 84, t.ex. 15.2066.")
    latitude = serializers.FloatField(required=False, allow_null=True, help_text="WGS 84, t.ex. 59.2741.")
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    host = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    invited_group = serializers.PrimaryKeyRelatedField(
        queryset=MemberGroup.objects.all(), required=False, allow_null=True
    )
    agenda_deadline = serializers.DateTimeField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=[Meeting.Status.PLANNED, Meeting.Status.AGENDA_OPEN], default=Meeting.Status.PLANNED
    )
    rrule = serializers.CharField(required=False, allow_blank=True, help_text="RFC 5545 RRULE, t.ex. FREQ=MONTHLY")
    until = serializers.DateField(required=False, allow_null=True)
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def validate(self, attrs):
        lon, lat = attrs.pop("longitude", None), attrs.pop("latitude", None)
        if (lon is None) != (lat is None):
            raise serializers.ValidationError({"latitude": _("Ange både latitud och longitud, eller ingen av dem.")})
        if lon is not None:
            attrs["point"] = Point(lon, lat, srid=WGS84)
        return attrs


class MeetingUpdateSerializer(MeetingInputSerializer):
    network = None
    title = serializers.CharField(max_length=200, required=False)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    status = None
    rrule = None
    until = None
    count = None

    def to_internal_value(self, data):
        # Partial update: only what was sent (no defaults).
        value = super().to_internal_value(data)
        return {k: v for k, v in value.items() if k in data or k == "point"}


class MeetingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Meeting.Status.choices)


class WarningSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    network = serializers.CharField()
    starts_at = serializers.DateTimeField()
    organisations = serializers.ListField(child=serializers.CharField())


class ScheduledSerializer(serializers.Serializer):
    meetings = MeetingSerializer(many=True)
    warnings = WarningSerializer(many=True)


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)
    proposer_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "title",
            "description",
            "kind",
            "status",
            "status_label",
            "decline_reason",
            "position",
            "duration_minutes",
            "presenter",
            "proposer_organisation",
            "proposed_at",
            "decided_at",
            "links",
        ]

    def get_links(self, obj) -> dict:
        """{provider field name: [ids]} for every registered link provider."""
        return {p.field_name: [o.pk for o in p.linked(obj)] for p in link_providers()}


class AgendaItemInputSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(
        choices=[c for c in AgendaItem.Kind.choices if c[0] != AgendaItem.Kind.FOLLOW_UP],
        default=AgendaItem.Kind.DISCUSSION,
    )
    presenter = serializers.CharField(required=False, allow_blank=True, default="")
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=480)
    links = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        required=False,
        help_text='Kopplingar per registrerad typ, t.ex. {"documents": [3, 7]}.',
    )


class AgendaItemUpdateSerializer(serializers.Serializer):
    """A change to an agenda item (PATCH): only the fields sent change. The kinds one may choose
    and who may change what are the service's rules (services.agenda_item_update), as on the page.
    Fields that cannot be changed here (status, position, meeting …) are refused, not ignored,
    so that a client never believes it changed something it did not."""

    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    presenter = serializers.CharField(max_length=200, allow_blank=True)
    duration_minutes = serializers.IntegerField(allow_null=True, min_value=5, max_value=480)
    links = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text='Kopplingar per registrerad typ; listan ersätter de nuvarande, t.ex. {"documents": [3, 7]}.',
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)

    def validate(self, attrs):
        if isinstance(self.initial_data, Mapping):
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Fältet kan inte ändras här.")] for name in unknown})
        return attrs


class AgendaItemAcceptSerializer(serializers.Serializer):
    position = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=480)


class AgendaItemDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class InvitationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    person = serializers.SerializerMethodField()
    substitute = serializers.SerializerMethodField()
    attended_by = serializers.SerializerMethodField()
    reply_label = serializers.CharField(source="get_reply_display", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "meeting",
            "organisation",
            "person",
            "reply",
            "reply_label",
            "substitute",
            "comment",
            "replied_at",
            "attended",
            "attended_by",
        ]

    def _person(self, person):
        return {"id": person.pk, "name": person.name} if person is not None else None

    def get_person(self, obj) -> dict | None:
        return self._person(obj.person)

    def get_substitute(self, obj) -> dict | None:
        return self._person(obj.substitute)

    def get_attended_by(self, obj) -> dict | None:
        return self._person(obj.attended_by)


class ReplyInputSerializer(serializers.Serializer):
    reply = serializers.ChoiceField(choices=[c for c, _label in Invitation.Reply.choices if c])
    substitute = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="Bara för samordnare som svarar för någon annan.",
    )


class AttendanceRowSerializer(serializers.Serializer):
    invitation = serializers.IntegerField()
    attended = serializers.BooleanField()
    attended_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)


class AttendanceInputSerializer(serializers.Serializer):
    attendance = AttendanceRowSerializer(many=True)
