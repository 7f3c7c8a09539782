"""Uploaded files are served through a view that asks the owning object's `visible_to(user)`,
never from a public /media/ folder (production serves none). One helper makes such a view:

    # referrals/downloads.py
    def visible_documents(request, **url_kwargs):
        return ReferralDocument.objects.visible_to(request.user)

    document_file = protected_file_view(visible_documents, field="file", filename="name")
    # urls.py: path("dokument/<int:pk>/<str:name>", downloads.document_file, name="document_file")
    # API: download = FileUrlField(url_for=lambda d: reverse("referrals:document_file", ...))

An object the user may not see is a 404 (as if it did not exist). The answer streams the file
(FileResponse) with its content type and a Content-Disposition whose file name is safe (RFC
6266, filename* for non-ASCII names); only types a browser shows harmlessly are inline. In
production the web server sends the bytes: PROTECTED_FILES_BACKEND = "x-accel-redirect"
(nginx: an `internal` location at PROTECTED_FILES_INTERNAL_PREFIX aliased to MEDIA_ROOT) or
"x-sendfile" (Apache mod_xsendfile, lighttpd), after Django has decided who may read it."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .uploads import clean_name

BACKENDS = ("django", "x-accel-redirect", "x-sendfile")
# Shown in the browser when asked for inline; anything else (HTML, SVG, scripts ...) is
# always an attachment, so an uploaded file can never run as a page of the portal.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"})


def _content_type(filename: str, given: str | None) -> str:
    content_type = given or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if content_type.startswith("text/") and "charset" not in content_type:
        content_type += "; charset=utf-8"
    return content_type


def _backend() -> str:
    backend = getattr(settings, "PROTECTED_FILES_BACKEND", "django")
    if backend not in BACKENDS:
        raise ImproperlyConfigured(f"PROTECTED_FILES_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
    return backend


def file_response(field_file, *, filename: str | None = None, inline: bool = False, content_type: str | None = None):
    """The response for one stored file (a FieldFile), already known to be visible to the
    requester. `filename`: the name the browser saves it as (default: the stored name)."""
    if not field_file:
        raise Http404(_("Filen finns inte."))
    filename = clean_name(filename or field_file.name)
    content_type = _content_type(filename, content_type)
    as_attachment = not (inline and content_type.split(";")[0] in INLINE_TYPES)
    backend = _backend()
    if backend == "django":
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404(_("Filen finns inte."))
        response = FileResponse(handle, content_type=content_type)
    else:
        response = HttpResponse(content_type=content_type)
        if backend == "x-accel-redirect":
            prefix = settings.PROTECTED_FILES_INTERNAL_PREFIX.rstrip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(field_file.name)
        else:
            response["X-Sendfile"] = field_file.path
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Who may read it is decided per request: no shared cache may keep it.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def protected_file_view(get_queryset, *, field: str = "file", filename=None, inline: bool = False, lookup="pk"):
    """A view serving the file in `field` of the object `get_queryset(request, **url_kwargs)`
    holds with `lookup` = the URL's `lookup` (404 when the queryset, visible_to(user), lacks it).

    `filename`: an attribute name or a callable(obj) giving the name to save as; default the
    stored file's name. Other URL keywords (a cosmetic file name, a parent's slug) go to
    get_queryset, which may use them to narrow the queryset."""

    def view(request, **kwargs):
        queryset = get_queryset(request, **kwargs)
        obj = get_object_or_404(queryset, **{lookup: kwargs[lookup]})
        name = filename(obj) if callable(filename) else getattr(obj, filename) if filename else None
        return file_response(getattr(obj, field), filename=name, inline=inline)

    return view


@extend_schema_field(OpenApiTypes.URI)
class FileUrlField(serializers.Field):
    """An API field with the absolute address of an object's protected file, e.g.
    `download = FileUrlField(url_for=document_file_url)`; `url_for(obj)` returns the path."""

    def __init__(self, *, url_for, **kwargs):
        self.url_for = url_for
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, obj):
        url = self.url_for(obj)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
