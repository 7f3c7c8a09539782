"""The network registry: registering and changing networks, and the lines between them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Network, NetworkLine
from ..permissions import can_create_network, require_manager

NETWORK_FIELDS = [
    "name",
    "short_name",
    "kind",
    "purpose",
    "mandate",
    "mandate_note",
    "target_group",
    "convenor",
    "meetings_per_year",
    "rhythm_note",
    "rotating_host",
    "reminder_days",
    "status",
    "visibility",
    "website",
]


@transaction.atomic
def network_create(*, data: dict, actor, focus_areas=None, coordinators=None) -> Network:
    if not can_create_network(actor):
        raise PermissionDenied(_("Bara samordnare kan registrera nätverk."))
    values = {k: v for k, v in data.items() if k in NETWORK_FIELDS}
    slug = data.get("slug") or slugify(values.get("short_name") or values.get("name", ""))
    network = Network(slug=slug, **values)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    network.coordinators.set(coordinators if coordinators is not None else [actor])
    actor.__dict__.pop("_managed_network_ids", None)  # permissions.can_manage caches per request
    return network


@transaction.atomic
def network_update(*, network: Network, data: dict, actor, focus_areas=None) -> Network:
    require_manager(actor, network)
    for key, value in data.items():
        if key in NETWORK_FIELDS:
            setattr(network, key, value)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    return network


def _reports_to_path(start: Network, goal: Network) -> bool:
    """True when `start` already reaches `goal` by reporting lines (a new line would close a loop)."""
    seen, frontier = set(), {start.pk}
    while frontier:
        if goal.pk in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                NetworkLine.objects.filter(source_id__in=frontier, kind=NetworkLine.Kind.REPORTS_TO).values_list(
                    "target_id", flat=True
                )
            )
            - seen
        )
    return False


@transaction.atomic
def network_line_add(*, source: Network, target: Network, kind: str, actor, note: str = "") -> NetworkLine:
    require_manager(actor, source)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Ett nätverk kan inte ha en linje till sig självt.")})
    if kind == NetworkLine.Kind.REPORTS_TO and _reports_to_path(target, source):
        raise ValidationError(
            {
                "target": _("%(target)s rapporterar redan (via andra) till %(source)s; linjen skulle bli en cirkel.")
                % {"target": target, "source": source}
            }
        )
    line, _created = NetworkLine.objects.get_or_create(source=source, target=target, kind=kind, defaults={"note": note})
    return line
