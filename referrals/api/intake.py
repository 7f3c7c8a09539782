"""POST /api/v1/referrals/drafts/from-email/: an e-mail (.eml or .msg) in, a draft registration
out, each suggestion with its source. Saves nothing; the officer registers the case with the
values they confirm."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from planportal import roles
from referrals.intake import EmailDraft, draft_from_email
from referrals.models import Phase, PlanType


class IsCaseOfficer(permissions.BasePermission):
    message = _("Bara handläggare får registrera remisser från e-post.")

    def has_permission(self, request, view):
        return roles.has_role(request.user, roles.CASE_OFFICER, roles.ADMINISTRATOR)


class EmailDraftInputSerializer(serializers.Serializer):
    # An empty file is refused by the intake itself, with a message that names the file.
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=_("E-postmeddelandet: .eml, eller .msg sparat från Outlook. Formatet avgörs av innehållet."),
    )


class EmailDraftContactSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("Namn från Från-raden (eller signaturen)."))
    email = serializers.CharField(help_text=_("E-postadress från Från-raden."))
    phone = serializers.CharField(help_text=_("Telefonnummer från signaturen; tomt om inget hittades."))


class EmailDraftSerializer(serializers.Serializer):
    """Each suggestion is null when the message does not say."""

    sender_organisation = serializers.CharField(
        allow_null=True,
        help_text=_("Avsändarorganisationen: SCB-koden för en kommun (t.ex. 1881), annars organisationens kortadress."),
    )
    sender_organisation_name = serializers.CharField(allow_null=True, help_text=_("Avsändarorganisationens namn."))
    sender_reference = serializers.CharField(
        allow_null=True, help_text=_("Avsändarens diarienummer, t.ex. ”KS 2026/123”.")
    )
    plan_name = serializers.CharField(allow_null=True, help_text=_("Ämnesraden utan ”VB:”, ”SV:”, ”Remiss:” o.d."))
    # The case's own choices (the intake suggests the same codes), so the schema has one PlanTypeEnum.
    plan_type = serializers.ChoiceField(choices=PlanType.choices, allow_null=True)
    phase = serializers.ChoiceField(choices=Phase.choices, allow_null=True)
    deadline = serializers.DateField(allow_null=True, help_text=_("Svarsdatum (ISO-datum)."))
    received = serializers.DateField(allow_null=True, help_text=_("Dag då meddelandet skickades (ISO-datum)."))
    contact = EmailDraftContactSerializer(allow_null=True)
    attachments = serializers.ListField(child=serializers.CharField(), help_text=_("De bifogade filernas namn."))
    sources = serializers.DictField(
        child=serializers.CharField(),
        help_text=_("Var varje förslag kommer ifrån, per fält (t.ex. ”Avsändarens domän kumla.se”)."),
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text=_("Att kontrollera, t.ex. att meddelandet saknar bilagor.")
    )


def draft_data(draft: EmailDraft) -> dict:
    """The draft as the API answers it (texts in the active language)."""
    organisation = draft.value("sender_organisation")
    contact = draft.value("contact")
    return {
        "sender_organisation": (organisation.code if organisation.is_municipality else organisation.slug)
        if organisation
        else None,
        "sender_organisation_name": organisation.name if organisation else None,
        "sender_reference": draft.value("sender_reference"),
        "plan_name": draft.value("plan_name"),
        "plan_type": draft.value("plan_type"),
        "phase": draft.value("phase"),
        "deadline": draft.value("deadline"),
        "received": draft.value("received"),
        "contact": None if contact is None else {"name": contact.name, "email": contact.email, "phone": contact.phone},
        "attachments": [a.filename for a in draft.attachments],
        "sources": draft.sources(),
        "warnings": [str(w) for w in draft.warnings],
    }


EXAMPLE = {
    "sender_organisation": "1881",
    "sender_organisation_name": "Kumla kommun",
    "sender_reference": "KS 2026/123",
    "plan_name": "Samråd om detaljplan för kvarteret Skomakaren, Kumla",
    "plan_type": "dp",
    "phase": "samrad",
    "deadline": "2027-03-15",
    "received": "2027-01-12",
    "contact": {"name": "Anna Åberg", "email": "anna.aberg@kumla.se", "phone": "019-58 81 23"},
    "attachments": ["Plankarta samråd.pdf", "Planbeskrivning samråd.pdf"],
    "sources": {
        "sender_organisation": "Avsändarens domän kumla.se",
        "plan_name": "Ämnesraden",
        "deadline": "Meningen ”Yttrande önskas senast den 15 mars 2027 till kommunstyrelsen@kumla.se.”",
    },
    "warnings": [],
}


class EmailDraftApi(APIView):
    """A draft registration read from the municipality's e-mail. For case officers; saves nothing."""

    parser_classes = [MultiPartParser]
    permission_classes = [IsCaseOfficer]

    @extend_schema(
        summary="Förslag till registrering från ett e-postmeddelande",
        request={"multipart/form-data": EmailDraftInputSerializer},
        responses={
            200: EmailDraftSerializer,
            400: OpenApiResponse(
                description="Filen är inte ett e-postmeddelande, är tom eller för stor (REFERRAL_EMAIL_MAX_MB)."
            ),
            403: OpenApiResponse(description="Inte inloggad som handläggare."),
        },
        examples=[OpenApiExample("Samråd från Kumla", value=EXAMPLE, response_only=True)],
    )
    def post(self, request):
        serializer = EmailDraftInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        draft = draft_from_email(upload, filename=upload.name)
        return Response(EmailDraftSerializer(draft_data(draft)).data)


urlpatterns = [
    path("referrals/drafts/from-email/", EmailDraftApi.as_view(), name="referral-draft-from-email"),
]
