"""Who a notification goes to: a user (preferences kept per account), or an address alone (a
contact with no account, e.g. a person invited to meetings; preferences kept per address)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Recipient:
    email: str
    user: Any = None

    @property
    def key(self) -> tuple:
        return ("u", self.user.pk) if self.user is not None else ("e", self.email.lower())

    @property
    def user_id(self):
        return self.user.pk if self.user is not None else None


def as_recipient(value) -> Recipient | None:
    """A Recipient from a user, an address, or a Recipient; None when there is no address."""
    if isinstance(value, Recipient):
        recipient = value
    elif isinstance(value, str):
        recipient = Recipient(email=value)
    else:  # a user
        recipient = Recipient(email=getattr(value, "email", "") or "", user=value)
    email = (recipient.email or "").strip()
    if not email:
        return None
    if recipient.user is not None and not recipient.user.is_active:
        return None
    return Recipient(email=email if recipient.user is not None else email.lower(), user=recipient.user)


def unique_recipients(values) -> list[Recipient]:
    found, seen = [], set()
    for value in values:
        recipient = as_recipient(value)
        if recipient is not None and recipient.key not in seen:
            seen.add(recipient.key)
            found.append(recipient)
    return found
