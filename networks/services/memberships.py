"""Memberships of a network, checked against its declared composition."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Membership, MembershipRole, Network, Organisation, Person
from ..permissions import require_manager
from ..selectors.composition import rule_counts, rules_for
from .meetings import invite_to_upcoming


def _check_composition(membership: Membership):
    rules = list(membership.network.rules.all())
    if not rules:
        return
    overlapping = Membership.objects.filter(network=membership.network, organisation=membership.organisation).filter(
        Q(end__isnull=True) | Q(end__gte=membership.start)
    )
    if membership.end:
        overlapping = overlapping.filter(start__lte=membership.end)
    if membership.pk:
        overlapping = overlapping.exclude(pk=membership.pk)
    roles_held = list(overlapping.values_list("role", flat=True))
    for rule in rules_for(rules, membership.organisation):
        if rule.max_count is None or not rule_counts(rule, membership.role):
            continue
        count = sum(1 for role in roles_held if rule_counts(rule, role))
        if count + 1 > rule.max_count:
            role_name = rule.get_role_display().lower() if rule.role else _("ledamöter")
            raise ValidationError(
                {
                    "person": _(
                        "%(network)s tar emot högst %(max)s %(role)s från %(organisation)s, och det finns redan "
                        "%(count)s. Avsluta ett befintligt medlemskap först."
                    )
                    % {
                        "network": membership.network,
                        "max": rule.max_count,
                        "role": role_name,
                        "organisation": membership.organisation,
                        "count": count,
                    }
                }
            )


def _validate_membership(membership: Membership):
    errors = {}
    if membership.end and membership.start and membership.end < membership.start:
        errors["end"] = _("Slutdatum kan inte vara före startdatum.")
    if membership.person_id and membership.person.organisation_id != membership.organisation_id:
        errors["person"] = _("%(person)s arbetar inte på %(organisation)s. Välj en person från organisationen.") % {
            "person": membership.person.name,
            "organisation": membership.organisation,
        }
    if errors:
        raise ValidationError(errors)
    _check_composition(membership)


@transaction.atomic
def membership_add(
    *,
    network: Network,
    organisation: Organisation,
    actor,
    person: Person | None = None,
    role=None,
    start=None,
    end=None,
    note: str = "",
) -> Membership:
    require_manager(actor, network)
    # Serialise additions per network, so two concurrent additions cannot both pass the maximum.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    membership = Membership(
        network=network,
        organisation=organisation,
        person=person,
        role=role or MembershipRole.MEMBER,
        start=start or timezone.localdate(),
        end=end,
        note=note,
    )
    _validate_membership(membership)
    membership.save()
    invite_to_upcoming(network, organisation)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor, end=None) -> Membership:
    require_manager(actor, membership.network)
    membership.end = end or timezone.localdate()
    if membership.end < membership.start:
        raise ValidationError({"end": _("Slutdatum kan inte vara före startdatum.")})
    membership.save(update_fields=["end"])
    return membership
