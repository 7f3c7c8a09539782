"""Registration from the e-mail that brought a referral: a pure parsing layer.

    draft = draft_from_email(request.FILES["file"], filename=request.FILES["file"].name)
    draft.deadline  # Suggestion(value=date(2027, 3, 15), source="Meningen ”…”") or None

It reads Organisation (networks) to recognise the sender and saves nothing."""

from .draft import draft_from_email
from .readers import detect_format
from .types import Contact, EmailAttachment, EmailDraft, Suggestion

__all__ = ["Contact", "EmailAttachment", "EmailDraft", "Suggestion", "detect_format", "draft_from_email"]
