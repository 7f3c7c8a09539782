"""The event trail (append-only) and the lost-update guard, used by every service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import ReferralEvent
from ..querysets import is_case_officer


def record(referral, kind, *, actor=None, summary="", **data) -> ReferralEvent:
    """Append one event to the case's trail (call inside the service's transaction)."""
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        summary=str(summary)[:500],
        data=data,
    )


def changes(instance, new_values: dict) -> dict:
    """{field: [old, new]} for the values that differ (as strings, for the trail)."""
    diff = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [_plain(old), _plain(new)]
    return diff


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def require_officer(actor):
    if not is_case_officer(actor):
        raise PermissionDenied(_("Bara handläggare får hantera remisser."))


def bump_version(instance, expected_version: int | None):
    """Optimistic locking: raise a conflict when the instance changed since the form was built
    (its version is not `expected_version`), else increment the version in the same UPDATE.
    `expected_version` None skips the check (API calls that do not send one)."""
    model = type(instance)
    qs = model.objects.filter(pk=instance.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if not qs.update(version=F("version") + 1):
        # Keyed "version" (the pages show it as the conflict notice) with the code "conflict"
        # (the API answers 409: planportal.api_errors).
        message = _(
            "Någon annan har ändrat ärendet sedan du öppnade formuläret. Ladda om sidan för att se "
            "ändringarna; det du skrev har inte sparats, men finns kvar i formuläret."
        )
        raise ValidationError({"version": ValidationError(message, code="conflict")})
    instance.version = (expected_version if expected_version is not None else instance.version) + 1


def allow_event_delete():
    """For deleting a whole case (inside its transaction): lets the append-only trigger pass."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL referrals.allow_event_delete = 'on'")
