"""The library's sections on organisation and municipality pages (planportal.registry):
the documents covering a municipality, and the document requests an organisation supports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors

LIMIT = 20


def municipality_documents_section(organisation, request):
    """The "Dokument" section on a municipality's page: the documents covering it."""
    if not organisation.is_municipality:
        return None
    documents = selectors.documents_for_municipality(user=request.user, organisation=organisation)
    return {
        "title": _("Dokument"),
        "template": "knowledge/sections/municipality_documents.html",
        "order": 20,
        "documents": documents[:LIMIT],
        "count": documents.count(),
        "organisation": organisation,
    }


def organisation_requests_section(organisation, request):
    """The requests for new documents the organisation supports (its own proposals among them).
    Requests are for signed-in readers only (DocumentRequest.visible_to): hidden from the public."""
    requests = selectors.requests_supported_by(user=request.user, organisation=organisation)
    shown = list(requests[:LIMIT])
    if not shown:
        return None
    return {
        "title": _("Önskemål om underlag som kommunen stöttar")
        if organisation.is_municipality
        else _("Önskemål om underlag som organisationen stöttar"),
        "template": "knowledge/sections/organisation_requests.html",
        "order": 22,
        "requests": shown,
        "count": requests.count(),
        "organisation": organisation,
        "list_url": reverse("knowledge:request_list")
        + (f"?municipality={organisation.code}" if organisation.is_municipality and organisation.code else ""),
    }
