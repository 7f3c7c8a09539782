"""Requests for new documents (önskemål): propose, support, decide."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import DocumentRequest, RequestSupport
from ..permissions import request_is_closed, require_editor, require_proposer
from .common import Errors, resolve_municipalities, resolve_themes

TOPIC_MAX_LENGTH = 200


def validate_request_fields(data: dict, *, partial=False) -> None:
    """The rules of a proposed request's topic and reason (the page form calls this too)."""
    errors = {}
    topic = (data.get("topic") or "").strip()
    reason = (data.get("reason") or "").strip()
    if (not partial or "topic" in data) and not topic:
        errors["topic"] = _("Ange vilket underlag som behövs.")
    elif len(topic) > TOPIC_MAX_LENGTH:
        errors["topic"] = _("Ämnet får vara högst %(max)s tecken (nu %(length)s).") % {
            "max": TOPIC_MAX_LENGTH,
            "length": len(topic),
        }
    if (not partial or "reason" in data) and not reason:
        errors["reason"] = _("Beskriv varför underlaget behövs.")
    if errors:
        raise ValidationError(errors)


def request_propose(*, topic: str, reason: str, municipalities=(), themes=(), actor, is_example=False):
    organisation = require_proposer(actor)
    topic = (topic or "").strip()
    reason = (reason or "").strip()
    errors = Errors()
    errors.check(validate_request_fields, {"topic": topic, "reason": reason})
    municipality_objs = errors.check(resolve_municipalities, municipalities)
    theme_objs = errors.check(resolve_themes, themes)
    errors.raise_any()
    with transaction.atomic():
        request = DocumentRequest.objects.create(
            topic=topic, reason=reason, organisation=organisation, proposed_by=actor, is_example=is_example
        )
        request.municipalities.set(municipality_objs)
        request.themes.set(theme_objs)
        # The proposing organisation supports its own request.
        RequestSupport.objects.create(request=request, organisation=organisation, user=actor)
    return request


def request_support(*, request: DocumentRequest, actor) -> RequestSupport:
    organisation = require_proposer(actor)
    if request_is_closed(request):
        raise ValidationError({"request": _("Önskemålet är avslutat och kan inte längre stöttas.")})
    try:
        with transaction.atomic():
            return RequestSupport.objects.create(request=request, organisation=organisation, user=actor)
    except IntegrityError:
        raise ValidationError(
            {"request": _("%(organisation)s stöttar redan önskemålet.") % {"organisation": organisation.name}}
        )


def validate_status_fields(data: dict, *, partial=False) -> None:
    """A request's new status: a known one; declining needs a reason, publishing the document."""
    S = DocumentRequest.Status
    status = data.get("status")
    errors = {}
    if status not in S.values:
        errors["status"] = _("Välj en status i listan.")
    elif status == S.DECLINED and not (data.get("status_reason") or "").strip():
        errors["status_reason"] = _("Ange varför önskemålet avslås.")
    elif status == S.PUBLISHED and data.get("document") is None:
        errors["document"] = _("Ange det publicerade dokumentet.")
    if errors:
        raise ValidationError(errors)


def request_set_status(*, request: DocumentRequest, status: str, reason: str = "", document=None, actor):
    require_editor(actor)
    S = DocumentRequest.Status
    validate_status_fields({"status": status, "status_reason": reason, "document": document})
    with transaction.atomic():
        request.status = status
        request.status_reason = (reason or "").strip()
        request.document = document if status == S.PUBLISHED else None
        request.save(update_fields=["status", "status_reason", "document"])
    return request
