"""API of the network registry. Reads start from the selectors' visible_to querysets; writes
are action endpoints with their own input serializers that call networks.services."""

from django.db.models import CharField, F, Prefetch, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from planportal.geo import feature_collection, parse_bbox

from .. import selectors, services
from ..models import AgendaItem, Meeting, Membership, Network, NetworkLine
from ..permissions import can_create_network, can_manage
from ..registry import link_providers
from .filters import AgendaItemFilter, MeetingFilter, MembershipFilter, NetworkFilter
from .serializers_networks import (
    AgendaItemAcceptSerializer,
    AgendaItemDeclineSerializer,
    AgendaItemInputSerializer,
    AgendaItemSerializer,
    AgendaItemUpdateSerializer,
    AttendanceInputSerializer,
    InvitationSerializer,
    MeetingCancelSerializer,
    MeetingInputSerializer,
    MeetingSerializer,
    MeetingStatusSerializer,
    MeetingUpdateSerializer,
    MembershipEndSerializer,
    MembershipInputSerializer,
    MembershipSerializer,
    NetworkSerializer,
    ReplyInputSerializer,
    ScheduledSerializer,
)


def _warnings(found):
    return [
        {
            "meeting": w["meeting"].pk,
            "network": str(w["meeting"].network),
            "starts_at": w["meeting"].starts_at,
            "organisations": w["organisations"],
        }
        for w in found
    ]


def _insider_ids(user) -> set[int]:
    return set(Network.objects.insiders_of(user).values_list("pk", flat=True))


class NetworkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Networks and forums: purpose, mandate, convenor, rhythm, focus areas, lines. Reads are
    public for public networks; coordinators register and change them."""

    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter
    lookup_field = "slug"

    def get_queryset(self):
        user = self.request.user
        return selectors.network_list(user=user, filters=self.request.query_params).prefetch_related(
            Prefetch("lines_out", queryset=NetworkLine.objects.select_related("target")),
            selectors.network_leaders_prefetch(user=user),
        )

    def perform_create(self, serializer):
        if not can_create_network(self.request.user):
            raise PermissionDenied(_("Bara samordnare kan registrera nätverk."))
        data = dict(serializer.validated_data)
        focus_areas = data.pop("focus_areas", None)
        network = services.network_create(data=data, actor=self.request.user, focus_areas=focus_areas)
        serializer.instance = self.get_queryset().get(pk=network.pk)  # with the list's annotations

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        focus_areas = data.pop("focus_areas", None)
        data.pop("slug", None)
        network = services.network_update(
            network=serializer.instance, data=data, actor=self.request.user, focus_areas=focus_areas
        )
        serializer.instance = self.get_queryset().get(pk=network.pk)


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Today's memberships of the networks one may see. Person names only for signed-in users."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        return (
            Membership.objects.visible_to(self.request.user)
            .active()
            .select_related("network", "organisation", "person")
            .order_by("network__name", "organisation__name", "role", "pk")
        )

    @extend_schema(request=MembershipInputSerializer, responses={201: MembershipSerializer})
    def create(self, request):
        s = MembershipInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        membership = services.membership_add(actor=request.user, **d)
        return Response(MembershipSerializer(membership, context={"request": request}).data, status=201)

    @extend_schema(request=MembershipEndSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        s = MembershipEndSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        membership = services.membership_end(membership=membership, actor=request.user, end=s.validated_data.get("end"))
        return Response(MembershipSerializer(membership, context={"request": request}).data)


@extend_schema_view(partial_update=extend_schema(request=MeetingUpdateSerializer, responses={200: ScheduledSerializer}))
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the networks one may see. Coordinators schedule (one or a series), change,
    change status and cancel; members reply; coordinators record attendance."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("network", "host", "invited_group")
            .order_by("starts_at", "pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "insider_network_ids": _insider_ids(self.request.user)}

    def _out(self, meetings, warnings, code=200):
        ctx = self.get_serializer_context()
        body = {
            "meetings": MeetingSerializer(meetings, many=True, context=ctx).data,
            "warnings": _warnings(warnings),
        }
        return Response(body, status=code)

    @extend_schema(request=MeetingInputSerializer, responses={201: ScheduledSerializer})
    def create(self, request):
        """One meeting, or a series when `rrule` is given (with `until` or `count`). The answer
        lists other networks' meetings the same day for the invited organisations."""
        s = MeetingInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        network = d.pop("network")
        if not Network.objects.visible_to(request.user).filter(pk=network.pk).exists():
            raise PermissionDenied(_("Nätverket finns inte eller är inte synligt för dig."))
        rrule, until, count = d.pop("rrule", ""), d.pop("until", None), d.pop("count", None)
        if rrule or until or count:
            duration = int((d["ends_at"] - d["starts_at"]).total_seconds() // 60)
            title, first_start = d.pop("title"), d.pop("starts_at")
            d.pop("ends_at")
            _series, meetings, warnings = services.meeting_series_schedule(
                network=network,
                title=title,
                rrule=rrule,
                first_start=first_start,
                duration_minutes=duration,
                until=until,
                count=count,
                data=d,
                actor=request.user,
            )
        else:
            meeting, warnings = services.meeting_schedule(network=network, data=d, actor=request.user)
            meetings = [meeting]
        return self._out(meetings, warnings, code=201)

    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        s = MeetingUpdateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        meeting, warnings = services.meeting_update(meeting=meeting, data=s.validated_data, actor=request.user)
        return self._out([meeting], warnings)

    @extend_schema(request=MeetingCancelSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        meeting = self.get_object()
        s = MeetingCancelSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        meeting = services.meeting_cancel(meeting=meeting, reason=s.validated_data["reason"], actor=request.user)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(request=MeetingStatusSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        meeting = self.get_object()
        s = MeetingStatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        meeting = services.meeting_set_status(meeting=meeting, status=s.validated_data["status"], actor=request.user)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="publish-agenda")
    def publish_agenda(self, request, pk=None):
        meeting = services.agenda_publish(meeting=self.get_object(), actor=request.user)
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(request=ReplyInputSerializer, responses={200: InvitationSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Yes / no / maybe / substitute, from a person of an invited organisation."""
        meeting = self.get_object()
        s = ReplyInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        invitation = services.meeting_reply(meeting=meeting, actor=request.user, **s.validated_data)
        return Response(InvitationSerializer(invitation).data)

    @extend_schema(methods=["get"], request=None, responses={200: InvitationSerializer(many=True)})
    @extend_schema(
        methods=["post"], request=AttendanceInputSerializer, responses={200: InvitationSerializer(many=True)}
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        """Invitations, replies and attendance (the network's insiders). POST: the coordinator
        records who attended, after the meeting."""
        meeting = self.get_object()
        if request.method == "POST":
            s = AttendanceInputSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            rows = s.validated_data["attendance"]
            services.attendance_record(
                meeting=meeting,
                attended={r["invitation"]: r["attended"] for r in rows},
                attended_by={r["invitation"]: r["attended_by"] for r in rows if r.get("attended_by")},
                actor=request.user,
            )
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Svar och närvaro visas för nätverkets medlemmar."))
        page = self.paginate_queryset(selectors.meeting_invitations(user=request.user, meeting=meeting))
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)


class AgendaItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Agenda items: members propose (POST) and change their own proposals (PATCH), the
    coordinator accepts, declines or changes any item."""

    serializer_class = AgendaItemSerializer
    filterset_class = AgendaItemFilter

    def get_queryset(self):
        qs = (
            AgendaItem.objects.visible_to(self.request.user)
            .select_related("proposer_organisation", "meeting")
            .order_by("meeting__starts_at", "position", "pk")
        )
        lookups = [p.prefetch_lookup for p in link_providers() if hasattr(AgendaItem, p.prefetch_lookup)]
        return qs.prefetch_related(*lookups) if lookups else qs

    @extend_schema(request=AgendaItemInputSerializer, responses={201: AgendaItemSerializer})
    def create(self, request):
        """Propose an item (a member organisation's person, before the cut-off); a coordinator's
        item is accepted at once."""
        s = AgendaItemInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        meeting = d.pop("meeting")
        if not Meeting.objects.visible_to(request.user).filter(pk=meeting.pk).exists():
            raise PermissionDenied(_("Mötet finns inte eller är inte synligt för dig."))
        links = d.pop("links", None)
        item = services.agenda_item_propose(meeting=meeting, data=d, links=links, actor=request.user)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AgendaItemUpdateSerializer,
        responses={
            200: AgendaItemSerializer,
            400: OpenApiResponse(description="Felaktiga uppgifter, eller inte nu (t.ex. efter sista dag för förslag)"),
            403: OpenApiResponse(description="Punkten syns men får inte ändras av dig"),
            404: OpenApiResponse(description="Punkten finns inte eller syns inte för dig"),
        },
    )
    def partial_update(self, request, pk=None):
        """Change an item: the proposer their own undecided proposal while the agenda takes
        proposals, the coordinator any item (services.agenda_item_update, as the page). Only the
        fields sent change; `links` replaces the item's links of each type sent."""
        item = self.get_object()  # visible_to: an item the user cannot see is not found
        # Who may change it comes before what they sent: one who may not learns nothing more.
        services.agenda_item_check_edit(item=item, actor=request.user)
        s = AgendaItemUpdateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        links = data.pop("links", None)
        services.agenda_item_update(item=item, data=data, links=links, actor=request.user)
        return Response(AgendaItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    def _item(self, pk):
        item = get_object_or_404(AgendaItem.objects.select_related("meeting__network"), pk=pk)
        if not can_manage(self.request.user, item.meeting.network):
            # Outsiders must not learn that the item exists.
            self.get_object()
        return item

    @extend_schema(request=AgendaItemAcceptSerializer, responses={200: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        item = self._item(pk)
        s = AgendaItemAcceptSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        item = services.agenda_item_accept(item=item, actor=request.user, **s.validated_data)
        return Response(AgendaItemSerializer(item).data)

    @extend_schema(request=AgendaItemDeclineSerializer, responses={200: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        item = self._item(pk)
        s = AgendaItemDeclineSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        item = services.agenda_item_decline(item=item, reason=s.validated_data["reason"], actor=request.user)
        return Response(AgendaItemSerializer(item).data)


class MeetingPlacesGeoJsonApi(APIView):
    """Meeting places (meetings with a point) as a GeoJSON FeatureCollection in EPSG:4326."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="meeting_places_geojson",
        parameters=[
            OpenApiParameter("bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (EPSG:4326)"),
            OpenApiParameter("network", OpenApiTypes.STR, description="Nätverkets slug"),
            OpenApiParameter("upcoming", OpenApiTypes.BOOL, description="Bara kommande möten"),
        ],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description="GeoJSON FeatureCollection; properties title, network, starts_at, status, place, url.",
            )
        },
    )
    def get(self, request):
        qs = Meeting.objects.visible_to(request.user).filter(point__isnull=False)
        if slug := request.query_params.get("network"):
            qs = qs.filter(network__slug=slug)
        if request.query_params.get("upcoming") in ("1", "true", "True"):
            qs = qs.upcoming()
        if "bbox" in request.query_params:
            qs = qs.filter(point__intersects=parse_bbox(request.query_params["bbox"]))
        body = feature_collection(
            qs.order_by("starts_at"),
            geometry="point",
            properties={
                "title": "title",
                "network": "network__short_name",
                "network_name": "network__name",
                "starts_at": "starts_at",
                "status": "status",
                "place": "location_name",
                "url": Concat(
                    Value("/natverk/"),
                    F("network__slug"),
                    Value("/moten/"),
                    Cast("pk", CharField()),
                    Value("/"),
                ),
            },
        )
        return HttpResponse(body, content_type="application/geo+json")
