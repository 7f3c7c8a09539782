"""Reads of the network registry: networks, their leaders, members and lines. Every one
starts from a `visible_to(user)` queryset."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone

from ..models import FocusArea, Meeting, Membership, MembershipRole, Network, NetworkLine, Person


def _active_membership_q(prefix: str = "memberships__", on=None) -> Q:
    on = on or timezone.localdate()
    return Q(**{f"{prefix}start__lte": on}) & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on}))


def next_meeting_subquery():
    return Subquery(
        Meeting.objects.filter(network=OuterRef("pk"), ends_at__gte=timezone.now())
        .not_cancelled()
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def network_list(*, user, filters=None) -> QuerySet[Network]:
    """Networks the user may see, filtered by kind, organisation (slug), focus area (slug),
    status and a free-text query; with member-organisation count and next meeting."""
    filters = filters or {}
    qs = Network.objects.visible_to(user)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if focus := filters.get("focus"):
        qs = qs.filter(focus_areas__slug=focus)
    if organisation := filters.get("organisation"):
        qs = qs.filter(pk__in=Membership.objects.active().filter(organisation__slug=organisation).values("network_id"))
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(purpose__icontains=q))
    return (
        qs.select_related("convenor")
        .prefetch_related("focus_areas")
        .annotate(
            member_organisations=Count("memberships__organisation", filter=_active_membership_q(), distinct=True),
            next_meeting=next_meeting_subquery(),
        )
        .order_by("name")
    )


def focus_area_list() -> QuerySet[FocusArea]:
    return FocusArea.objects.order_by("name")


def network_detail(*, user, slug: str) -> Network:
    return Network.objects.visible_to(user).select_related("convenor").prefetch_related("focus_areas").get(slug=slug)


LEADER_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.SECRETARY)


def network_leaders_prefetch(*, user) -> Prefetch:
    """For a list of networks: today's chairs, vice chairs and secretaries of each, as
    `leader_memberships` (two queries for any number of networks). The person is set only
    where `user` may see people (Person.visible_to); otherwise it is None."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.visible_to(user)
        .active()
        .filter(role__in=LEADER_ROLES)
        .select_related("organisation")
        .prefetch_related(Prefetch("person", queryset=Person.objects.visible_to(user)))
        .order_by("organisation__name", "pk"),
        to_attr="leader_memberships",
    )


def network_leaders(*, user, network: Network) -> list[Membership]:
    """The network's leading memberships, as network_leaders_prefetch gives them."""
    if not hasattr(network, "leader_memberships"):
        prefetch_related_objects([network], network_leaders_prefetch(user=user))
    return network.leader_memberships


def network_members(*, network: Network, on=None) -> QuerySet[Membership]:
    return (
        Membership.objects.active(on)
        .filter(network=network)
        .select_related("organisation", "person")
        .order_by("organisation__name", "role", "person__name")
    )


def network_lines(*, user, network: Network | None = None) -> QuerySet[NetworkLine]:
    visible = Network.objects.visible_to(user).values("pk")
    qs = NetworkLine.objects.filter(source__in=visible, target__in=visible).select_related("source", "target")
    if network is not None:
        qs = qs.filter(Q(source=network) | Q(target=network))
    return qs.order_by("source__name", "kind", "target__name")


def organisation_networks(*, user, organisation) -> QuerySet[Network]:
    """Networks the organisation is a member of today, with its roles there."""
    active = Membership.objects.active().filter(organisation=organisation)
    return (
        Network.objects.visible_to(user)
        .filter(pk__in=active.values("network_id"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=active.select_related("person").order_by("role"),
                to_attr="organisation_memberships",
            )
        )
        .annotate(next_meeting=next_meeting_subquery())
        .order_by("name")
    )


def network_has_member(network: Network, organisation) -> bool:
    return Membership.objects.active().filter(network=network, organisation=organisation).exists()


def member_organisation_ids(network, on=None) -> set[int]:
    """The organisations that are members of the network on `on` (today)."""
    return set(
        Membership.objects.active(on or timezone.localdate())
        .filter(network=network)
        .values_list("organisation_id", flat=True)
    )
