"""Who may do what with a network. Reads go through the querysets' `visible_to`; these
helpers answer the per-object questions that services and templates ask."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from planportal import roles


def user_person(user):
    """The Person record of the signed-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def can_create_network(user) -> bool:
    return roles.has_role(user, roles.COORDINATOR, roles.ADMINISTRATOR)


def can_manage(user, network) -> bool:
    """The coordinators of a network manage it; superusers manage every network."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_managed_network_ids", None)
    if cache is None:
        cache = set(user.coordinated_networks.values_list("pk", flat=True))
        user._managed_network_ids = cache
    return network.pk in cache


def member_organisation_ids(network, on=None) -> set[int]:
    from .models import Membership

    return set(
        Membership.objects.active(on or timezone.localdate())
        .filter(network=network)
        .values_list("organisation_id", flat=True)
    )


def is_member(user, network) -> bool:
    """The user's organisation is a member of the network today."""
    person = user_person(user)
    if person is None:
        return False
    return person.organisation_id in member_organisation_ids(network)


def is_insider(user, network) -> bool:
    return can_manage(user, network) or is_member(user, network)
