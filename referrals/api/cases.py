"""Referral cases in the API (part 15), through the same services as the pages:

    GET    /api/v1/referrals/                  the cases, filtered (api/filters.py) and paginated
    POST   /api/v1/referrals/                  register (JSON, or multipart with files) → 201 + diary number
    GET    /api/v1/referrals/{id}/             one case
    PATCH  /api/v1/referrals/{id}/             change its facts (with `version`)
    DELETE /api/v1/referrals/{id}/             administrators: delete a case registered by mistake
    GET    /api/v1/referrals/{year}-{seq}/     one case by its diary year and running number

Cases are addressed by id, as the other referral endpoints (consultations, reply, outcomes) are;
the diary year and running number of the pages (/remisser/2026-15/) find a case too.

Everyone reads the register's columns; case officers also the internal fields (serializers.py).
Errors: 400 by field (Swedish, English when chosen); 403 without the right; 404 unseen; 409 when
the `version` sent is stale (someone else changed the case: nothing is saved) or when the same
sender, reference and phase is registered again without `confirm_duplicate`."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors_workflow
from ..models import InterestMatch, Referral, ReferralDocument, ReferralEvent
from ..querysets import is_case_officer
from ..services import cases as case_services
from ..services.events import require_officer
from .filters import ReferralFilter
from .responses import errors
from .serializers import (
    ReferralDetailSerializer,
    ReferralSavedSerializer,
    ReferralSerializer,
    RegisterSerializer,
    UpdateSerializer,
)


def case_queryset(user):
    """Cases `user` may see, with what the detail shows: the documents they may see, and for case
    officers the assignee, interest checklist, event trail and extensions."""
    documents = ReferralDocument.objects.visible_to(user).order_by("created_at", "pk")
    qs = (
        Referral.objects.visible_to(user)
        .select_related("sender", "previous")
        .prefetch_related(Prefetch("documents", queryset=documents, to_attr="visible_documents"))
    )
    if is_case_officer(user):
        events = ReferralEvent.objects.visible_to(user).select_related("actor__person").order_by("-at", "-pk")
        interests = InterestMatch.objects.visible_to(user).order_by("distance_m", "source", "title")
        qs = qs.select_related("assignee__person").prefetch_related(
            Prefetch("interests", queryset=interests),
            Prefetch("events", queryset=events, to_attr="timeline"),
            "extensions",
        )
    return qs


def case_for_api(request, pk) -> Referral:
    return get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)


def officer_case(request, pk) -> Referral:
    """The case for an officer's action: 403 for others before anything is read from the body."""
    require_officer(request.user)
    return case_for_api(request, pk)


def case_response(request, referral, *, code=status.HTTP_200_OK, warnings=None, serializer=None):
    """The case as it is now (read again after a service changed it)."""
    fresh = get_object_or_404(case_queryset(request.user), pk=referral.pk)
    context = {"request": request, "reply": selectors_workflow.case_reply(fresh, request.user)}
    if warnings is not None:
        context["warnings"] = warnings
        serializer = serializer or ReferralSavedSerializer
    serializer = serializer or ReferralDetailSerializer
    return Response(serializer(fresh, context=context).data, status=code)


class ReferralListApi(generics.ListAPIView):
    """Referral cases: the register's columns for everyone; for case officers the assignee,
    triage and version too."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        user = self.request.user
        qs = Referral.objects.visible_to(user).select_related("sender")
        if is_case_officer(user):
            qs = qs.select_related("assignee__person")
        return qs

    @extend_schema(operation_id="referral_list", summary=_("Remisser"), responses={200: ReferralSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="referral_register",
        summary=_("Registrera remiss"),
        description=(
            "JSON, eller multipart med filer (`files`, upprepat) och länkar (`links`). Planområdet som GeoJSON i "
            "EPSG:4326 (`area`), som fil (`area_file`) eller hela kommunen (`whole_municipality`). Samma avsändare, "
            "beteckning och skede en gång till svarar 409 med de tidigare ärendena, utom med `confirm_duplicate`."
        ),
        request={"application/json": RegisterSerializer, "multipart/form-data": RegisterSerializer},
        responses={
            201: ReferralSavedSerializer,
            **errors(400, 403),
            409: OpenApiResponse(description="Samma avsändare, beteckning och skede finns redan (confirm_duplicate)"),
        },
    )
    def post(self, request):
        require_officer(request.user)
        given = RegisterSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        data = {name: values[name] for name in case_services.CASE_FIELDS if name in values}
        data["received"] = values.get("received") or timezone.localdate()
        found = list(
            case_services.duplicates(
                sender=data["sender"], sender_reference=data.get("sender_reference") or "", phase=data["phase"]
            )
        )
        if found and not values["confirm_duplicate"]:
            message = gettext(
                "Samma avsändare, beteckning och skede finns redan (%(numbers)s). Skicka "
                "confirm_duplicate=true för att registrera ändå."
            ) % {"numbers": ", ".join(r.diary_number for r in found)}
            return Response(
                {
                    "confirm_duplicate": [message],
                    "duplicates": [{"id": r.pk, "diary_number": r.diary_number} for r in found],
                },
                status=status.HTTP_409_CONFLICT,
            )
        area = case_services.AreaInput(
            file=values.get("area_file"),
            drawn_geojson=values.get("area"),
            whole_municipality=values.get("whole_municipality", False),
        )
        referral, warnings = case_services.referral_register(
            data=data, actor=request.user, documents=given.documents(), area=area
        )
        return case_response(request, referral, code=status.HTTP_201_CREATED, warnings=warnings)


class ReferralDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="referral_detail", summary=_("En remiss"), responses={200: ReferralDetailSerializer, **errors(404)}
    )
    def get(self, request, pk):
        return case_response(request, case_for_api(request, pk))

    @extend_schema(
        operation_id="referral_update",
        summary=_("Ändra remissens uppgifter"),
        description="Bara de fält som skickas ändras; `version` krävs (409 när den är inaktuell).",
        request=UpdateSerializer,
        responses={200: ReferralDetailSerializer, **errors(400, 403, 404, 409)},
    )
    def patch(self, request, pk):
        referral = officer_case(request, pk)
        given = UpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        if values.get("version") is None:
            raise exceptions.ValidationError(
                {"version": [gettext("Ange ärendets version (version) som ändringen bygger på.")]}
            )
        version = values.pop("version")
        case_services.referral_update(
            referral=referral,
            data={name: values[name] for name in case_services.CASE_FIELDS if name in values},
            actor=request.user,
            version=version,
        )
        return case_response(request, referral)

    @extend_schema(
        operation_id="referral_delete",
        summary=_("Ta bort remiss (administratörer)"),
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request, pk):
        referral = case_for_api(request, pk)
        case_services.referral_delete(referral=referral, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReferralByNumberApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="referral_detail_by_number",
        summary=_("En remiss efter diarieår och löpnummer"),
        responses={200: ReferralDetailSerializer, **errors(404)},
    )
    def get(self, request, year, seq):
        referral = get_object_or_404(Referral.objects.visible_to(request.user), diary_year=year, diary_seq=seq)
        return case_response(request, referral)


urlpatterns = [
    path("referrals/", ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<int:year>-<int:seq>/", ReferralByNumberApi.as_view(), name="referral-by-number"),
]
