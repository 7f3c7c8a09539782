"""Who may do what in the library. The services call these before they write; the pages
ask the same questions to decide what to offer. Who may *see* what is `visible_to(user)`
in querysets.py."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from planportal import roles

from .models import DocumentRequest
from .querysets import is_editor

PROPOSER_ROLES = (roles.PLANNER, roles.EDITOR, roles.ADMINISTRATOR)


def require_editor(actor) -> None:
    if not is_editor(actor):
        raise PermissionDenied(_("Bara redaktörer får publicera och underhålla dokument."))


def require_proposer(actor):
    """-> the actor's organisation, which proposes or supports a request."""
    if not roles.has_role(actor, *PROPOSER_ROLES):
        raise PermissionDenied(_("Bara kommunala planerare och redaktörer kan föreslå och stötta önskemål."))
    organisation = roles.user_organisation(actor)
    if organisation is None:
        raise PermissionDenied(_("Ditt konto är inte kopplat till någon organisation."))
    return organisation


def can_propose(user) -> bool:
    return roles.has_role(user, *PROPOSER_ROLES)


def request_is_closed(request: DocumentRequest) -> bool:
    return request.status in (DocumentRequest.Status.PUBLISHED, DocumentRequest.Status.DECLINED)


def can_support(user, request: DocumentRequest, supporters) -> bool:
    """The user's organisation may add its support: a proposer's, not yet among `supporters`
    (the request's supporting organisations), while the request is open."""
    if not can_propose(user):
        return False
    organisation = roles.user_organisation(user)
    return organisation is not None and organisation not in supporters and not request_is_closed(request)
