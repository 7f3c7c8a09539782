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


# The fixed pages under /natverk/: a network with one of these addresses would be hidden by the page.
RESERVED_SLUGS = frozenset({"nytt", "deltagande", "min-kalender", "kalender"})


def _network_slug(data: dict, values: dict) -> str:
    """The slug given (checked), or one made from the short name or name that is free."""
    if slug := (data.get("slug") or "").strip():
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("Kortadressen ”%(slug)s” är reserverad för en sida i portalen. Välj en annan.")
                    % {"slug": slug}
                }
            )
        return slug
    base = slugify(values.get("short_name") or values.get("name", "")) or "natverk"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Network.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def network_create(*, data: dict, actor, focus_areas=None, coordinators=None) -> Network:
    """Registers a network; its coordinators are `coordinators`, or the one who registers it."""
    if not can_create_network(actor):
        raise PermissionDenied(_("Bara samordnare kan registrera nätverk."))
    values = {k: v for k, v in data.items() if k in NETWORK_FIELDS}
    network = Network(slug=_network_slug(data, values), **values)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    network.coordinators.set(coordinators if coordinators is not None else [actor])
    actor.__dict__.pop("_managed_network_ids", None)  # permissions.can_manage caches per request
    return network


@transaction.atomic
def network_update(*, network: Network, data: dict, actor, focus_areas=None, coordinators=None) -> Network:
    """Changes a network (not its address: links to it stay valid). `coordinators`, when
    given, replaces them; a coordinator cannot remove the last one."""
    require_manager(actor, network)
    for key, value in data.items():
        if key in NETWORK_FIELDS:
            setattr(network, key, value)
    network.full_clean()
    network.save()
    if focus_areas is not None:
        network.focus_areas.set(focus_areas)
    if coordinators is not None:
        coordinators = list(coordinators)
        if not coordinators and not actor.is_superuser:
            raise ValidationError({"coordinators": _("Ett nätverk behöver minst en samordnare.")})
        network.coordinators.set(coordinators)
        actor.__dict__.pop("_managed_network_ids", None)
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
