"""Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins with one user
name from one address, that pair is refused for AXES_COOLOFF_TIME. The pair, not the address
alone: colleagues behind one municipal proxy are not locked out by one another's typos, and not
the user name alone: a guesser cannot lock a planner out from everywhere."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def client_ip(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is the entry that
    the outermost proxy appended to X-Forwarded-For (entries further left are the client's own
    claims and can be forged); without proxies it is REMOTE_ADDR."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_message():
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "För många misslyckade inloggningar med det här användarnamnet från din adress. "
        "Vänta %(minutes)d minut och försök igen.",
        "För många misslyckade inloggningar med det här användarnamnet från din adress. "
        "Vänta %(minutes)d minuter och försök igen.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with the reason in the visitor's language (JSON for the API)."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
