"""A network's declared composition (its CompositionRules) against its memberships: the rules
that apply to an organisation, and where today's membership breaks them."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CompositionRule, Membership, MembershipRole, Network, Organisation


def rules_for(rules: list[CompositionRule], organisation: Organisation) -> list[CompositionRule]:
    """A rule for the organisation itself overrides rules for its kind; general rules always apply."""
    specific = [r for r in rules if r.organisation_id == organisation.pk]
    by_kind = [r for r in rules if not r.organisation_id and r.organisation_kind == organisation.kind]
    general = [r for r in rules if not r.organisation_id and not r.organisation_kind]
    return (specific or by_kind) + general


def rule_counts(rule: CompositionRule, role: str) -> bool:
    """A rule without a role counts the seats: not substitutes, and not the secretary, who
    serves the network without a seat in it."""
    if rule.role:
        return role == rule.role
    return role not in (MembershipRole.SUBSTITUTE, MembershipRole.SECRETARY)


def rule_text(rule: CompositionRule) -> str:
    role = rule.get_role_display().lower() if rule.role else _("ledamöter")
    if rule.max_count is not None and rule.max_count == rule.min_count:
        return _("%(n)s %(role)s") % {"n": rule.max_count, "role": role}
    if rule.max_count is not None:
        return _("högst %(n)s %(role)s") % {"n": rule.max_count, "role": role}
    return _("minst %(n)s %(role)s") % {"n": rule.min_count, "role": role}


def composition_report(network: Network, *, on=None) -> list[dict]:
    """Where today's membership breaks the declared composition: one row per organisation
    and rule that is not met ({organisation, rule, count, min, max, problem})."""
    on = on or timezone.localdate()
    rules = list(network.rules.select_related("organisation"))
    if not rules:
        return []
    active = list(Membership.objects.active(on).filter(network=network).values_list("organisation_id", "role"))
    member_ids = {org_id for org_id, _role in active}
    kinds = {r.organisation_kind for r in rules if r.organisation_kind}
    organisations = Organisation.objects.filter(
        Q(pk__in=member_ids) | Q(kind__in=kinds) | Q(pk__in=[r.organisation_id for r in rules if r.organisation_id])
    ).order_by("name")
    rows = []
    for org in organisations:
        roles_held = [role for org_id, role in active if org_id == org.pk]
        for rule in rules_for(rules, org):
            count = sum(1 for role in roles_held if rule_counts(rule, role))
            if count < rule.min_count:
                problem = _("saknar %(n)s") % {"n": rule.min_count - count}
            elif rule.max_count is not None and count > rule.max_count:
                problem = _("%(n)s för många") % {"n": count - rule.max_count}
            else:
                continue
            rows.append(
                {
                    "organisation": org,
                    "rule": rule,
                    "rule_text": rule.note or rule_text(rule),
                    "count": count,
                    "problem": problem,
                }
            )
    return rows
