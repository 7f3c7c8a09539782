"""What the networks pages share: the friendly 403 page, a service's errors back on a form,
and finding the network or meeting a URL names (404 for what the user may not see)."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Meeting, Network


def friendly_403(view):
    """A refused action gets the service's reason on a page of its own (status 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            message = str(exc) or _("Du har inte behörighet att göra det här.")
            return render(request, "networks/forbidden.html", {"message": message}, status=403)

    return wrapper


def apply_errors(form, exc: ValidationError):
    """Puts a service's ValidationError on the form: beside its field (an agenda item's link
    field is `link_<name>`), or at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if field not in form.fields and f"link_{field}" in form.fields:
                field = f"link_{field}"
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def visible_network(request, slug) -> Network:
    try:
        return selectors.network_detail(user=request.user, slug=slug)
    except Network.DoesNotExist:
        raise Http404(_("Nätverket finns inte, eller så har du inte behörighet att se det."))


def visible_meeting(request, slug, pk) -> Meeting:
    try:
        return selectors.meeting_detail(user=request.user, slug=slug, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("Mötet finns inte, eller så har du inte behörighet att se det."))


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
