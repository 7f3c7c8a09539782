"""Internal consultation in the API, through the same services as the pages:

    GET  /api/v1/referrals/{id}/consultations/          the case's consultations (officers; members: their unit's)
    POST /api/v1/referrals/{id}/consultations/          ask units {units, due, question}
    GET  /api/v1/referrals/consultations/mine/          the open requests to the user's units
    POST /api/v1/referrals/consultations/{id}/answer/   the unit's answer (or a revision of it)

Errors: 400 by field in the request's language, 403 without the right, 404 unseen."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors_workflow as sel
from ..models import Consultation, Referral, Unit
from ..querysets import is_case_officer
from ..services import consultation as services


class ConsultationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_slug = serializers.CharField(source="unit.slug", read_only=True)
    referral = serializers.IntegerField(source="referral_id", read_only=True)
    diary_number = serializers.CharField(source="referral.diary_number", read_only=True)
    plan_name = serializers.CharField(source="referral.plan_name", read_only=True)
    is_answered = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "referral",
            "diary_number",
            "plan_name",
            "unit",
            "unit_slug",
            "question",
            "due",
            "requested_at",
            "is_answered",
            "answer",
            "answered_at",
        ]
        read_only_fields = fields


class ConsultationRequestSerializer(serializers.Serializer):
    units = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Unit.objects.filter(is_active=True),
        many=True,
        help_text=_("Enheternas kortadresser, t.ex. kollektivtrafik."),
    )
    due = serializers.DateField(help_text=_("Svar senast: före remissens sista svarsdag, inte passerat."))
    question = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(help_text=_("Enhetens svar; kan ändras tills yttrandet är skickat."))


def case_for_api(request, pk) -> Referral:
    return get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)


class CaseConsultationsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_consultations_list",
        summary=_("Remissens interna samråd"),
        responses=ConsultationSerializer(many=True),
    )
    def get(self, request, pk):
        referral = case_for_api(request, pk)
        consultations = sel.case_consultations(referral, request.user).select_related("referral")
        return Response(ConsultationSerializer(consultations, many=True).data)

    @extend_schema(
        operation_id="referral_consultations_request",
        summary=_("Begär internt samråd"),
        request=ConsultationRequestSerializer,
        responses={201: ConsultationSerializer(many=True)},
    )
    def post(self, request, pk):
        referral = case_for_api(request, pk)
        if not is_case_officer(request.user):
            return Response({"detail": _("Bara handläggare hanterar remisser.")}, status=status.HTTP_403_FORBIDDEN)
        data = ConsultationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.consultation_request(referral=referral, actor=request.user, **data.validated_data)
        return Response(ConsultationSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class MyConsultationsApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_consultations_mine",
        summary=_("Mina samrådsförfrågningar"),
        responses=ConsultationSerializer(many=True),
    )
    def get(self, request):
        return Response(ConsultationSerializer(sel.my_consultations(request.user), many=True).data)


class ConsultationAnswerApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="referral_consultation_answer",
        summary=_("Svara på internt samråd"),
        request=ConsultationAnswerSerializer,
        responses=ConsultationSerializer,
    )
    def post(self, request, pk):
        consultation = sel.consultation_for_answer(request.user, pk)
        if consultation is None:
            return Response({"detail": _("Samrådet finns inte.")}, status=status.HTTP_404_NOT_FOUND)
        data = ConsultationAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.consultation_answer(
            consultation=consultation, answer=data.validated_data["answer"], actor=request.user
        )
        return Response(ConsultationSerializer(saved).data)


urlpatterns = [
    path("referrals/<int:pk>/consultations/", CaseConsultationsApi.as_view(), name="referral-consultations"),
    path("referrals/consultations/mine/", MyConsultationsApi.as_view(), name="referral-consultations-mine"),
    path(
        "referrals/consultations/<int:pk>/answer/", ConsultationAnswerApi.as_view(), name="referral-consultation-answer"
    ),
]
