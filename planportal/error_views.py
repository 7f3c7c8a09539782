"""Django's error views (handler400/403/404/500 in planportal/urls.py), answering in the API's
error body under /api/: an address no API route matches (`/api/v1/referrals/abc/`), a request
body Django cannot parse (a multipart body without its boundary), a PermissionDenied raised
before a DRF view runs. DRF's own errors already answer JSON (planportal.api_errors); pages keep
the templates (400.html … 500.html, else Django's defaults). Messages are DRF's, translated."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(detail, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail)}, status=status)


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if _is_api(request):
        return _json(exceptions.ParseError.default_detail, 400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if _is_api(request):
        return _json(str(exception) or exceptions.PermissionDenied.default_detail, 403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if _is_api(request):
        return _json(exceptions.NotFound.default_detail, 404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if _is_api(request):
        return _json(exceptions.APIException.default_detail, 500)
    return defaults.server_error(request, template_name)
