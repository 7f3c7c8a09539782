"""What the e-mail intake hands back: a draft registration of suggestions, each with where it
came from, for the officer to confirm or change. Nothing here is saved."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.functional import lazy


# A translatable text with values filled in when it is shown (in the language then active),
# so that a source or warning made during a Swedish request still reads English on an
# English page.
def _interpolate(message, values) -> str:
    return str(message) % values


interpolate_lazy = lazy(_interpolate, str)  # a named function: a draft can be pickled (cache, session)


@dataclass(frozen=True)
class Suggestion:
    """A suggested value and where it was read (a Swedish, translatable text such as
    "Avsändarens domän kumla.se" or "Meningen ”yttrande önskas senast den 15 mars 2027”")."""

    value: object
    source: str


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class EmailAttachment:
    """A file attached to the message (or to a message forwarded inside it)."""

    filename: str
    content_type: str
    size: int
    data: bytes = field(repr=False)
    source: str = ""


@dataclass
class RawMessage:
    """One message as read from .eml or .msg, before any interpretation."""

    subject: str = ""
    from_name: str = ""
    from_address: str = ""
    sent: datetime | None = None
    body_text: str = ""
    attachments: list[EmailAttachment] = field(default_factory=list)
    # Messages attached whole (forwarded "as attachment", message/rfc822 or an embedded .msg).
    attached_messages: list["RawMessage"] = field(default_factory=list)


@dataclass
class EmailDraft:
    """A draft registration read from one e-mail. Each suggestion is a `Suggestion` (value +
    source) or None when the message does not say; `attachments` are the files to offer as the
    case's documents; `warnings` are shown with the draft (e.g. no attachments)."""

    filename: str
    format: str  # "eml" or "msg"
    subject: str
    sender_organisation: Suggestion | None = None  # value: networks.Organisation
    sender_reference: Suggestion | None = None  # value: str, e.g. "KS 2026/123"
    plan_name: Suggestion | None = None  # value: str
    plan_type: Suggestion | None = None  # value: "op" | "fop" | "dp" | "ob" | "program" | "other"
    phase: Suggestion | None = None  # value: "samrad" | "granskning" | "underrattelse" | "other"
    deadline: Suggestion | None = None  # value: datetime.date
    received: Suggestion | None = None  # value: datetime.date
    contact: Suggestion | None = None  # value: Contact
    attachments: list[EmailAttachment] = field(default_factory=list)
    body_text: str = ""
    warnings: list[str] = field(default_factory=list)

    SUGGESTION_FIELDS = (
        "sender_organisation",
        "sender_reference",
        "plan_name",
        "plan_type",
        "phase",
        "deadline",
        "received",
        "contact",
    )

    def sources(self) -> dict[str, str]:
        """Field name → where its suggestion came from, for the suggestions found."""
        found = {name: getattr(self, name) for name in self.SUGGESTION_FIELDS}
        result = {name: str(s.source) for name, s in found.items() if s is not None}
        if self.attachments:
            result["attachments"] = str(self.attachments[0].source)
        return result

    def value(self, name):
        suggestion = getattr(self, name)
        return None if suggestion is None else suggestion.value


def as_date(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
