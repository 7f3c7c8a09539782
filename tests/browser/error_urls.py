"""The portal's URL configuration plus one route that renders the server error page (handler500)
without raising, for tests/browser/test_axe_every_page.py: only a test sets ROOT_URLCONF to this
module, so no production route answers 500 on purpose."""

from django.urls import path

from planportal import error_views
from planportal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from planportal.urls import urlpatterns as portal

SERVER_ERROR_PATH = "/test-serverfel/"


def server_error_page(request):
    return error_views.server_error(request)


urlpatterns = [*portal, path(SERVER_ERROR_PATH.strip("/") + "/", server_error_page, name="test-server-error")]
