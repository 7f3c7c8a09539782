"""Reads for the apps' sources: who wants to hear of a kind at all."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import DEFAULT_FREQUENCY, Frequency, Preference


def users_hearing_of(kind: str) -> QuerySet:
    """Active users with an address who have not turned `kind` off (where the kind is off by
    default: who have turned it on)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    chosen = Preference.objects.filter(kind=kind, user__isnull=False)
    if DEFAULT_FREQUENCY[kind] == Frequency.NONE:
        return users.filter(pk__in=chosen.exclude(frequency=Frequency.NONE).values("user_id"))
    return users.exclude(pk__in=chosen.filter(frequency=Frequency.NONE).values("user_id"))
