from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor chose English with the language switch (a cookie).

    The browser's Accept-Language is deliberately ignored: a public-sector Swedish portal
    answers in Swedish first, also to an English-configured work laptop. An API client outside a
    browser (a script, a GIS tool: no cookie, no Sec-Fetch-Site header) may ask for English with
    Accept-Language; the portal's own pages' calls to the API follow the switch (chosen_language)."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request) -> str:
    """The language the visitor chose with the language switch (a cookie), else Swedish; also
    for the answers given before the locale middleware has run. Under /api/, a request that is
    not a browser's (no Sec-Fetch-Site header, which browsers send with every request) and has no
    cookie gets the language its Accept-Language asks for, if the portal has it."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language in dict(settings.LANGUAGES):
        return language
    if request.path.startswith("/api/") and "Sec-Fetch-Site" not in request.headers:
        return translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


class RejectNulCharactersMiddleware:
    """A NUL character can never be stored in or compared with PostgreSQL text: answer 400
    for an address, query string or form carrying one, instead of a database error (500).
    (JSON bodies are covered by planportal.api_errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            with translation.override(chosen_language(request)):
                message = translation.gettext("Adressen innehåller ett ogiltigt tecken (NUL, %00).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _query_items(request):
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            for value in values:
                yield key, value


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than four uploads of MAX_UPLOAD_MB (a form may carry
    several files) from its Content-Length, before a byte of it is read or written to disk:
    Django itself puts no limit on uploaded files. Answers 413 in the visitor's language (JSON
    for the API). Each file is then checked on its own by planportal.uploads.validate_upload."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = max_request_bytes()
        if length > limit:
            with translation.override(chosen_language(request)):
                sizes = {"size": f"{length / 1024 / 1024:.1f}", "max": f"{limit / 1024 / 1024:g}"}
                message = translation.gettext(
                    "Det som skickades är %(size)s MB; högst %(max)s MB tas emot (högst %(file)s MB per fil)."
                ) % {**sizes, "file": settings.MAX_UPLOAD_MB}
                if request.path.startswith("/api/"):
                    response = JsonResponse({"detail": message}, status=413)
                else:
                    response = render(request, "413.html", {"message": message}, status=413)
            return response
        return self.get_response(request)


def max_request_bytes() -> int:
    return int(4 * settings.MAX_UPLOAD_MB * 1024 * 1024)
