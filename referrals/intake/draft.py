"""draft_from_email: an uploaded e-mail → EmailDraft (suggestions with their sources). Reads
the database only to recognise the sender organisation; saves nothing."""

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import classify, senders
from .dates import find_deadline
from .readers import ATTACHED_IN_FORWARDED, read_message, read_upload
from .types import EmailDraft, RawMessage, Suggestion, interpolate_lazy


def draft_from_email(upload, *, filename: str = "") -> EmailDraft:
    """Read an e-mail (.eml, or .msg saved from Outlook; the format is told by the content)
    into a draft registration.

    `upload` is a Django UploadedFile (its `.size` is checked against
    settings.REFERRAL_EMAIL_MAX_MB before anything is read), a file object or bytes.
    Raises django.core.exceptions.ValidationError keyed by "file" (Swedish, translatable,
    naming the file) when the file is too large, empty or not an e-mail. A message without
    attachments still gives a draft, with a warning."""
    filename = filename or getattr(upload, "name", "") or "meddelande"
    data = read_upload(upload, filename=filename)
    kind, raw = read_message(data, filename=filename)
    return _draft(raw, kind=kind, filename=filename)


def _draft(raw: RawMessage, *, kind: str, filename: str) -> EmailDraft:
    draft = EmailDraft(filename=filename, format=kind, subject=raw.subject, body_text=raw.body_text)
    draft.attachments = list(raw.attachments)
    for attached in raw.attached_messages:
        draft.attachments.extend(dataclasses.replace(a, source=ATTACHED_IN_FORWARDED) for a in attached.attachments)
    names = [a.filename for a in draft.attachments]

    sender, organisation, domain = senders.effective_sender(raw)
    draft.sender_organisation, warnings = senders.sender_organisation(sender, organisation, domain)
    draft.warnings.extend(warnings)
    draft.contact = senders.contact(sender)
    draft.received = _received(raw, sender)
    # A message forwarded as an attachment is read (and shown) after the forwarding one's text.
    body = "\n\n".join([raw.body_text, *(m.body_text for m in raw.attached_messages)]).strip()
    draft.body_text = body

    subject = raw.subject
    if not subject and raw.attached_messages:
        subject = raw.attached_messages[0].subject
    draft.plan_name = classify.plan_name(subject)
    draft.plan_type = classify.plan_type(subject, body, names)
    draft.phase = classify.phase(subject, body, names)
    draft.sender_reference = classify.sender_reference(subject, body, names)

    received = draft.received.value if draft.received else None
    found = find_deadline(body, draft.attachments, received=received)
    draft.deadline = found.suggestion
    draft.warnings.extend(found.warnings)

    if not draft.attachments:
        draft.warnings.append(
            interpolate_lazy(
                _(
                    "Meddelandet ”%(name)s” har inga bifogade filer. Lägg till planhandlingarna, "
                    "eller länkar till dem, innan remissen registreras."
                ),
                {"name": filename},
            )
        )
    if draft.deadline is None:
        draft.warnings.append(_("Inget svarsdatum hittades i meddelandet: ange det själv."))
    if draft.sender_organisation is None:
        draft.warnings.append(_("Avsändarens organisation kändes inte igen: välj den själv."))
    return draft


def _received(raw: RawMessage, sender: senders.Sender) -> Suggestion | None:
    """The day the message was sent, in Swedish time; for a message the Region's own staff
    forwarded, the day the municipality sent it (when the forwarded block says)."""
    if sender.forwarded:
        sent = senders.forwarded_sent(sender)
        if sent is None:
            sent = next((m.sent for m in raw.attached_messages if m.from_address == sender.address), None)
        if sent is not None:
            return Suggestion(_local_date(sent), _("Det vidarebefordrade meddelandets datum"))
    if raw.sent is not None:
        return Suggestion(_local_date(raw.sent), _("Meddelandets datum"))
    return None


def _local_date(value: datetime):
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
