"""The error answers the referral API declares in its schema, written once (cases, workflow, replies)."""

from drf_spectacular.utils import OpenApiResponse

ERRORS = {
    400: OpenApiResponse(description="Felaktiga uppgifter (meddelande per fält, på svenska eller engelska)"),
    403: OpenApiResponse(description="Bara handläggare (eller inte inloggad)"),
    404: OpenApiResponse(description="Ärendet finns inte"),
    409: OpenApiResponse(description="Inaktuell version: någon annan har ändrat ärendet; inget sparades"),
}


def errors(*codes):
    return {code: ERRORS[code] for code in codes}
