"""A case's actions in the API, each its own small endpoint calling the service the case page
calls (referrals/views/workflow.py); officers only. Each answers with the case as it is now
(officers' view), except where it says otherwise:

    POST   /api/v1/referrals/{id}/area/                    plan area: GeoJSON (EPSG:4326), file or whole municipality
    GET    /api/v1/referrals/{id}/documents/               the documents the user may see (everyone)
    POST   /api/v1/referrals/{id}/documents/               add files (multipart) or links → 201
    DELETE /api/v1/referrals/{id}/documents/{document_id}/ remove one → 204
    POST   /api/v1/referrals/{id}/assign/                  {assignee: user id | null}
    POST   /api/v1/referrals/{id}/triage/                  {decision: answer | standard | decline}
    GET    /api/v1/referrals/{id}/extensions/              the extensions (anstånd)
    POST   /api/v1/referrals/{id}/extensions/              {new_deadline, reason, granted_by} → 201
    POST   /api/v1/referrals/{id}/previous/                link the plan's earlier phase (the outcome loop)
    GET    /api/v1/referrals/{id}/interests/               the regional-interest checklist
    PATCH  /api/v1/referrals/{id}/interests/{interest_id}/ {decision} → the item
    GET    /api/v1/referrals/{id}/events/                  the event trail, newest first
    POST   /api/v1/referrals/{id}/reply/text/              the reply's introduction and conclusion → the reply

Consultation, the reply's points, review, approval, sending and outcomes are in consultation.py
and replies.py. Writes take the case's `version` (the reply's for reply/text/): stale → 409."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, selectors_workflow
from ..models import InterestMatch, ReferralDocument
from ..services import cases as case_services
from ..services import deadlines, interests, outcomes, replies, triage
from .cases import case_for_api, case_response, officer_case
from .replies import ReplySerializer
from .responses import errors
from .serializers import (
    AreaSetSerializer,
    AssignSerializer,
    DocumentAddSerializer,
    DocumentSerializer,
    EventSerializer,
    ExtendSerializer,
    ExtensionSerializer,
    InterestDecisionSerializer,
    InterestSerializer,
    PreviousInputSerializer,
    ReferralDetailSerializer,
    ReferralSavedSerializer,
    ReplyTextSerializer,
    TriageSerializer,
)

SIGNED_IN = [permissions.IsAuthenticated]


def _valid(serializer_class, request):
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return given


class AreaApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_area_set",
        summary=_("Ange planområdet"),
        description="GeoJSON i EPSG:4326 (`area`), en fil (`area_file`: GeoJSON, GeoPackage, zippad Shapefile, "
        "valfritt CRS) eller `whole_municipality`. De regionala intressena beräknas om.",
        request={"application/json": AreaSetSerializer, "multipart/form-data": AreaSetSerializer},
        responses={200: ReferralSavedSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(AreaSetSerializer, request).validated_data
        warnings = case_services.referral_set_area(
            referral=referral,
            actor=request.user,
            file=values.get("area_file"),
            drawn_geojson=values.get("area"),
            whole_municipality=values.get("whole_municipality", False),
            version=values.get("version"),
        )
        return case_response(request, referral, warnings=warnings)


class DocumentsApi(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="referral_documents",
        summary=_("Remissens handlingar"),
        description="Offentliga handlingar för alla; handläggare ser även sekretessbelagda.",
        responses={200: DocumentSerializer(many=True), **errors(404)},
    )
    def get(self, request, pk):
        referral = case_for_api(request, pk)
        documents = selectors.case_documents(referral=referral, user=request.user)
        return Response(DocumentSerializer(documents, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="referral_documents_add",
        summary=_("Lägg till handlingar"),
        request={"multipart/form-data": DocumentAddSerializer, "application/json": DocumentAddSerializer},
        responses={201: ReferralDetailSerializer, **errors(400, 403, 404)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        given = _valid(DocumentAddSerializer, request)
        case_services.document_add(referral=referral, documents=given.documents(), actor=request.user)
        return case_response(request, referral, code=status.HTTP_201_CREATED)


class DocumentApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_document_remove",
        summary=_("Ta bort en handling"),
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request, pk, document_id):
        referral = officer_case(request, pk)
        document = get_object_or_404(
            ReferralDocument.objects.visible_to(request.user), pk=document_id, referral=referral
        )
        case_services.document_remove(document=document, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_assign",
        summary=_("Tilldela handläggare"),
        request=AssignSerializer,
        responses={200: ReferralDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(AssignSerializer, request).validated_data
        triage.referral_assign(
            referral=referral, assignee=values["assignee"], actor=request.user, version=values.get("version")
        )
        return case_response(request, referral)


class TriageApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_triage",
        summary=_("Beslut om hantering"),
        description="`decline` registrerar standardtexten som yttrande, avslutar ärendet och meddelar avsändaren.",
        request=TriageSerializer,
        responses={200: ReferralDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(TriageSerializer, request).validated_data
        triage.referral_triage(
            referral=referral, decision=values["decision"], actor=request.user, version=values.get("version")
        )
        return case_response(request, referral)


class ExtensionsApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_extensions",
        summary=_("Anstånd"),
        responses={200: ExtensionSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request, pk):
        referral = officer_case(request, pk)
        return Response(
            ExtensionSerializer(selectors.case_extensions(referral=referral, user=request.user), many=True).data
        )

    @extend_schema(
        operation_id="referral_extend",
        summary=_("Registrera anstånd"),
        request=ExtendSerializer,
        responses={201: ReferralDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(ExtendSerializer, request).validated_data
        deadlines.referral_extend(
            referral=referral,
            new_deadline=values["new_deadline"],
            reason=values["reason"],
            granted_by=values["granted_by"],
            actor=request.user,
            version=values.get("version"),
        )
        return case_response(request, referral, code=status.HTTP_201_CREATED)


class PreviousApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_link_previous",
        summary=_("Koppla till planens föregående skede"),
        request=PreviousInputSerializer,
        responses={200: ReferralDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(PreviousInputSerializer, request).validated_data
        outcomes.referral_link_previous(
            referral=referral,
            previous=values["previous"],
            actor=request.user,
            expected_version=values.get("version"),
        )
        return case_response(request, referral)


class InterestsApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_interests",
        summary=_("Regionala intressen (checklistan)"),
        responses={200: InterestSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request, pk):
        referral = officer_case(request, pk)
        return Response(
            InterestSerializer(selectors.case_interests(referral=referral, user=request.user), many=True).data
        )


class InterestApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_interest_decide",
        summary=_("Bedöm ett regionalt intresse"),
        request=InterestDecisionSerializer,
        responses={200: InterestSerializer, **errors(400, 403, 404)},
    )
    def patch(self, request, pk, interest_id):
        referral = officer_case(request, pk)
        match = get_object_or_404(InterestMatch.objects.visible_to(request.user), pk=interest_id, referral=referral)
        values = _valid(InterestDecisionSerializer, request).validated_data
        saved = interests.interest_decide(match=match, decision=values["decision"], actor=request.user)
        return Response(InterestSerializer(saved).data)


class EventsApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_events",
        summary=_("Händelser (tidslinjen)"),
        responses={200: EventSerializer(many=True), **errors(403, 404)},
    )
    def get(self, request, pk):
        referral = officer_case(request, pk)
        timeline = selectors.case_timeline(referral=referral, user=request.user).select_related("actor__person")
        return Response(EventSerializer(timeline, many=True).data)


class ReplyTextApi(APIView):
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="referral_reply_text",
        summary=_("Yttrandets inledning och avslutning"),
        description="Skapar yttrandet som utkast om det inte finns; `version` är yttrandets.",
        request=ReplyTextSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = officer_case(request, pk)
        values = _valid(ReplyTextSerializer, request).validated_data
        with transaction.atomic():  # a refused edit leaves no new draft behind
            reply = replies.reply_start(referral=referral, actor=request.user)
            replies.reply_update_text(
                reply=reply,
                introduction=values["introduction"],
                conclusion=values["conclusion"],
                actor=request.user,
                expected_version=values.get("version"),
            )
        return Response(ReplySerializer(selectors_workflow.case_reply(referral, request.user)).data)


_case = "referrals/<int:pk>"
urlpatterns = [
    path(f"{_case}/area/", AreaApi.as_view(), name="referral-area"),
    path(f"{_case}/documents/", DocumentsApi.as_view(), name="referral-documents"),
    path(f"{_case}/documents/<int:document_id>/", DocumentApi.as_view(), name="referral-document"),
    path(f"{_case}/assign/", AssignApi.as_view(), name="referral-assign"),
    path(f"{_case}/triage/", TriageApi.as_view(), name="referral-triage"),
    path(f"{_case}/extensions/", ExtensionsApi.as_view(), name="referral-extensions"),
    path(f"{_case}/previous/", PreviousApi.as_view(), name="referral-previous"),
    path(f"{_case}/interests/", InterestsApi.as_view(), name="referral-interests"),
    path(f"{_case}/interests/<int:interest_id>/", InterestApi.as_view(), name="referral-interest"),
    path(f"{_case}/events/", EventsApi.as_view(), name="referral-events"),
    path(f"{_case}/reply/text/", ReplyTextApi.as_view(), name="referral-reply-text"),
]
