"""The signed one-click unsubscribe token: who (a user's id, or an address) and which kinds.
Signed with django.core.signing (SECRET_KEY and a salt of its own), so it cannot be changed to
name another person or kind; it does not expire, as RFC 8058 links are followed long after."""

from django.contrib.auth import get_user_model
from django.core import signing

from .models import Kind
from .recipients import Recipient

SALT = "notifications.unsubscribe"


class BadToken(Exception):
    pass


def unsubscribe_token(recipient: Recipient, kinds) -> str:
    who = {"u": recipient.user.pk} if recipient.user is not None else {"e": recipient.email.lower()}
    return signing.dumps({**who, "k": sorted(set(kinds))}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[Recipient, list[str]]:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise BadToken(str(exc)) from exc
    kinds = data.get("k") if isinstance(data, dict) else None
    if not kinds or not isinstance(kinds, list) or any(k not in Kind.values for k in kinds):
        raise BadToken("kinds")
    if "u" in data:
        user = get_user_model().objects.filter(pk=data["u"]).first()
        if user is None:
            raise BadToken("user")
        return Recipient(email=user.email, user=user), kinds
    if isinstance(data.get("e"), str) and data["e"]:
        return Recipient(email=data["e"]), kinds
    raise BadToken("recipient")
