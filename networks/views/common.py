"""What the networks pages share: finding the network or meeting a URL names (404 for what
the user may not see), the coordinators' page mixins, and the agenda links' field names.

A service's PermissionDenied needs nothing here: Django answers it with the portal's
templates/403.html and the reason (the same page as planportal.permissions.forbidden); a
service's ValidationError goes back on a form through planportal.forms.apply_service."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Meeting, Network
from ..permissions import require_manager
from ..registry import link_providers


def link_fields(form) -> dict:
    """A service names an agenda item's links by provider (`documents`); the form's field is
    `link_documents`: the field_map for planportal.forms.apply_service / add_service_errors."""
    return {p.field_name: f"link_{p.field_name}" for p in link_providers() if p.field_name not in form.fields}


def error_text(exc: ValidationError) -> str:
    """A service's refusal as one line for a message after a redirect (forms use apply_service)."""
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


class NetworkManagerMixin(LoginRequiredMixin):
    """A page for a network's coordinators: sets `self.network` (404 for a network the user
    cannot see, 403 with the reason for one they do not coordinate)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.network = visible_network(request, kwargs["slug"])
        require_manager(request.user, self.network)
        return super().dispatch(request, *args, **kwargs)


class MeetingManagerMixin(LoginRequiredMixin):
    """A page of one meeting for its network's coordinators: sets `self.meeting`."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = visible_meeting(request, kwargs["slug"], kwargs["pk"])
        require_manager(request.user, self.meeting.network)
        return super().dispatch(request, *args, **kwargs)
