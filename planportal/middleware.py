from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the visitor chose English with the language switch (a cookie).

    The browser's Accept-Language is deliberately ignored: a public-sector Swedish portal
    answers in Swedish first, also to an English-configured work laptop."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulCharactersMiddleware:
    """A NUL character can never be stored in or compared with PostgreSQL text: answer 400
    for an address, query string or form carrying one, instead of a database error (500).
    (JSON bodies are covered by planportal.api_errors.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            return HttpResponseBadRequest(
                "Adressen innehåller ett ogiltigt tecken (NUL, %00).", content_type="text/plain; charset=utf-8"
            )
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
