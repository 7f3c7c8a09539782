from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import DEFAULT_FREQUENCY, Frequency, Kind, Preference
from ..recipients import Recipient
from ..tokens import read_token


def frequencies(recipients: list[Recipient], kind: str) -> dict[tuple, str]:
    """{recipient.key: frequency} for `kind`, in one query; the default where none is chosen."""
    found = {r.key: DEFAULT_FREQUENCY[kind] for r in recipients}
    user_ids = [r.user_id for r in recipients if r.user is not None]
    emails = [r.email.lower() for r in recipients if r.user is None]
    if not found:
        return found
    rows = Preference.objects.filter(kind=kind).filter(Q(user_id__in=user_ids) | Q(user__isnull=True, email__in=emails))
    for user_id, email, frequency in rows.values_list("user_id", "email", "frequency"):
        found[("u", user_id) if user_id else ("e", email)] = frequency
    return found


def preferences_for(user) -> dict[str, str]:
    """{kind: frequency} for every kind, the defaults where the user has chosen nothing."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind: chosen.get(kind, DEFAULT_FREQUENCY[kind]) for kind in Kind.values}


def _save(recipient: Recipient, kind: str, frequency: str) -> None:
    if recipient.user is not None:
        Preference.objects.update_or_create(user=recipient.user, kind=kind, defaults={"frequency": frequency})
    else:
        Preference.objects.update_or_create(
            user=None, email=recipient.email.lower(), kind=kind, defaults={"frequency": frequency}
        )


def preferences_set(*, user, data: dict) -> dict[str, str]:
    """Sets the user's frequency for each kind given in `data` ({kind: frequency})."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Logga in för att välja vilken e-post du får."))
    errors = {}
    for kind, frequency in data.items():
        if kind not in Kind.values:
            errors.setdefault("__all__", []).append(_("Okänt slag av avisering: %(kind)s.") % {"kind": kind})
        elif frequency not in Frequency.values:
            errors[kind] = _("Välj hur ofta du vill få e-post om %(kind)s.") % {"kind": Kind(kind).label.lower()}
    if errors:
        raise ValidationError(errors)
    recipient = Recipient(email=user.email, user=user)
    with transaction.atomic():
        for kind, frequency in data.items():
            _save(recipient, kind, frequency)
    return preferences_for(user)


def unsubscribe(*, token: str) -> tuple[Recipient, list[str]]:
    """The one-click unsubscribe: sets each kind the signed token names to none for the person it
    names. Raises tokens.BadToken when the token is not one the portal signed."""
    recipient, kinds = read_token(token)
    with transaction.atomic():
        for kind in kinds:
            _save(recipient, kind, Frequency.NONE)
    return recipient, kinds
