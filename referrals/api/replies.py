"""The reply (yttrande) and the outcome loop in the API, through the same services as the pages.
Every write may send `version` (the reply's version it was built from): a stale one answers 409
with the conflict message under "version" and changes nothing (as the cases API does).

    GET    /api/v1/referrals/{id}/reply/                       officers: any state; others: sent only
    POST   /api/v1/referrals/{id}/reply/points/                add a point (phrase, interest, consultation or text)
    PATCH  /api/v1/referrals/{id}/reply/points/{point}/        change heading, text, goals
    DELETE /api/v1/referrals/{id}/reply/points/{point}/        remove
    POST   /api/v1/referrals/{id}/reply/order/                 {points: [ids in the new order]}
    POST   /api/v1/referrals/{id}/reply/interests/             the checklist's items as points
    POST   /api/v1/referrals/{id}/reply/review/ | approve/ | send/
    POST   /api/v1/referrals/{id}/outcomes/                    {outcomes: [{point, outcome, note}]}"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors_workflow as sel
from ..models import Consultation, InterestMatch, Outcome, Phrase, Reply, ReplyPoint
from ..querysets import is_case_officer
from ..services import outcomes as outcome_services
from ..services import replies as services
from .consultation import case_for_api
from .responses import errors

OFFICERS_ONLY = _("Bara handläggare hanterar remisser.")


class GoalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class PointSerializer(serializers.ModelSerializer):
    goals = GoalRefSerializer(many=True, read_only=True)
    # Plain text, not an enum: a second "source" enum would rename the indicators' SourceEnum.
    source = serializers.CharField(read_only=True, help_text=_("phrase, interest, consultation eller free."))
    # Blank until the outcome is recorded: declared so, or the schema would promise an enum value.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ReplyPoint
        fields = ["id", "order", "heading", "text", "source", "goals", "outcome", "outcome_note"]
        read_only_fields = fields


class ReplySerializer(serializers.ModelSerializer):
    referral = serializers.IntegerField(source="referral_id", read_only=True)
    diary_number = serializers.CharField(source="referral.diary_number", read_only=True)
    points = PointSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "referral",
            "diary_number",
            "status",
            "version",
            "introduction",
            "conclusion",
            "is_standard",
            "reviewed_at",
            "approved_at",
            "sent_on",
            "sent_to",
            "points",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Yttrandets version som ändringen bygger på.")
    )


class PointInputSerializer(VersionSerializer):
    heading = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    phrase = serializers.PrimaryKeyRelatedField(queryset=Phrase.objects.all(), required=False, allow_null=True)
    interest = serializers.PrimaryKeyRelatedField(queryset=InterestMatch.objects.all(), required=False, allow_null=True)
    consultation = serializers.PrimaryKeyRelatedField(
        queryset=Consultation.objects.all(), required=False, allow_null=True
    )
    goals = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        help_text=_("RUS-effektmål (id) som punkten citerar; utelämnat: styckets förvalda."),
    )


class PointUpdateSerializer(VersionSerializer):
    heading = serializers.CharField(required=False, allow_blank=True, max_length=200)
    text = serializers.CharField(required=False)
    goals = serializers.ListField(child=serializers.IntegerField(), required=False)


class OrderSerializer(VersionSerializer):
    points = serializers.ListField(child=serializers.IntegerField(), help_text=_("Alla punkternas id i ny ordning."))


class InterestsSerializer(VersionSerializer):
    include_open = serializers.BooleanField(
        required=False, default=True, help_text=_("Ta med även intressen som inte bedömts (de accepteras).")
    )


class SendSerializer(VersionSerializer):
    sent_to = serializers.CharField(max_length=500)
    sent_on = serializers.DateField()


class OutcomeEntrySerializer(serializers.Serializer):
    point = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OutcomesSerializer(serializers.Serializer):
    outcomes = OutcomeEntrySerializer(many=True)


def _officer_case(request, pk):
    referral = case_for_api(request, pk)
    if not is_case_officer(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(OFFICERS_ONLY)
    return referral


def _reply_response(referral, user, code=status.HTTP_200_OK):
    reply = sel.case_reply(referral, user)
    return Response(ReplySerializer(reply).data, status=code)


class ReplyApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(operation_id="referral_reply", summary=_("Remissens yttrande"), responses=ReplySerializer)
    def get(self, request, pk):
        referral = case_for_api(request, pk)
        reply = sel.case_reply(referral, request.user)
        if reply is None:
            return Response({"detail": _("Remissen har inget yttrande att visa.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(ReplySerializer(reply).data)


class PointsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_reply_point_add",
        summary=_("Lägg till punkt"),
        request=PointInputSerializer,
        responses={201: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = _officer_case(request, pk)
        data = PointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.reply_add_point(
            referral=referral, actor=request.user, expected_version=values.pop("version", None), **values
        )
        return _reply_response(referral, request.user, status.HTTP_201_CREATED)


class PointApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _point(self, referral, point_id):
        return get_object_or_404(ReplyPoint.objects.select_related("reply"), pk=point_id, reply__referral=referral)

    @extend_schema(
        operation_id="referral_reply_point_update",
        summary=_("Ändra punkt"),
        request=PointUpdateSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request, pk, point_id):
        referral = _officer_case(request, pk)
        point = self._point(referral, point_id)
        data = PointUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.reply_update_point(
            point=point,
            heading=values.get("heading", point.heading),
            text=values.get("text", point.text),
            goals=values["goals"] if "goals" in values else list(point.goals.all()),
            actor=request.user,
            expected_version=values.get("version"),
        )
        return _reply_response(referral, request.user)

    @extend_schema(
        operation_id="referral_reply_point_remove",
        summary=_("Ta bort punkt"),
        request=VersionSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def delete(self, request, pk, point_id):
        referral = _officer_case(request, pk)
        point = self._point(referral, point_id)
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reply_remove_point(
            point=point, actor=request.user, expected_version=data.validated_data.get("version")
        )
        return _reply_response(referral, request.user)


def _reply_or_404(referral):
    return get_object_or_404(Reply, referral=referral)


class OrderApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_reply_reorder",
        summary=_("Ordna punkterna"),
        request=OrderSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = _officer_case(request, pk)
        data = OrderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reply_reorder(
            reply=_reply_or_404(referral),
            point_ids=data.validated_data["points"],
            actor=request.user,
            expected_version=data.validated_data.get("version"),
        )
        return _reply_response(referral, request.user)


class InterestsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_reply_interests",
        summary=_("Regionala intressen som punkter"),
        request=InterestsSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = _officer_case(request, pk)
        data = InterestsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reply_add_accepted_interests(
            referral=referral,
            actor=request.user,
            include_open=data.validated_data["include_open"],
            expected_version=data.validated_data.get("version"),
        )
        return _reply_response(referral, request.user)


def _transition_api(service, operation_id, summary):
    class TransitionApi(APIView):
        permission_classes = [permissions.IsAuthenticated]

        @extend_schema(
            operation_id=operation_id,
            summary=summary,
            request=VersionSerializer,
            responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
        )
        def post(self, request, pk):
            referral = _officer_case(request, pk)
            data = VersionSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            service(
                reply=_reply_or_404(referral), actor=request.user, expected_version=data.validated_data.get("version")
            )
            return _reply_response(referral, request.user)

    TransitionApi.__name__ = f"{operation_id.title().replace('_', '')}Api"
    return TransitionApi


ReviewApi = _transition_api(services.reply_review, "referral_reply_review", _("Markera yttrandet som granskat"))
ApproveApi = _transition_api(services.reply_approve, "referral_reply_approve", _("Godkänn yttrandet (delegation)"))


class SendApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_reply_send",
        summary=_("Skicka yttrandet"),
        request=SendSerializer,
        responses={200: ReplySerializer, **errors(400, 403, 404, 409)},
    )
    def post(self, request, pk):
        referral = _officer_case(request, pk)
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.reply_send(
            reply=_reply_or_404(referral),
            sent_to=values["sent_to"],
            sent_on=values["sent_on"],
            actor=request.user,
            expected_version=values.get("version"),
        )
        return _reply_response(referral, request.user)


class OutcomesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_outcomes_record",
        summary=_("Registrera utfall för föregående skedes yttrande"),
        request=OutcomesSerializer,
        responses=PointSerializer(many=True),
    )
    def post(self, request, pk):
        referral = _officer_case(request, pk)
        data = OutcomesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        points = {p.pk: p for p in sel.previous_reply_points(referral, request.user)}
        entries = []
        for entry in data.validated_data["outcomes"]:
            point = points.get(entry["point"])
            if point is None:
                return Response(
                    {
                        "outcomes": [
                            _("Punkt %(id)s hör inte till föregående skedes yttrande.") % {"id": entry["point"]}
                        ]
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            entries.append((point, entry["outcome"], entry["note"]))
        outcome_services.outcomes_record(case=referral, entries=entries, actor=request.user)
        return Response(PointSerializer(sel.previous_reply_points(referral, request.user), many=True).data)


_case = "referrals/<int:pk>"
urlpatterns = [
    path(f"{_case}/reply/", ReplyApi.as_view(), name="referral-reply"),
    path(f"{_case}/reply/points/", PointsApi.as_view(), name="referral-reply-points"),
    path(f"{_case}/reply/points/<int:point_id>/", PointApi.as_view(), name="referral-reply-point"),
    path(f"{_case}/reply/order/", OrderApi.as_view(), name="referral-reply-order"),
    path(f"{_case}/reply/interests/", InterestsApi.as_view(), name="referral-reply-interests"),
    path(f"{_case}/reply/review/", ReviewApi.as_view(), name="referral-reply-review"),
    path(f"{_case}/reply/approve/", ApproveApi.as_view(), name="referral-reply-approve"),
    path(f"{_case}/reply/send/", SendApi.as_view(), name="referral-reply-send"),
    path(f"{_case}/outcomes/", OutcomesApi.as_view(), name="referral-outcomes"),
]
