from django.db.models import QuerySet

from .models import Organisation, Person


def organisation_list(*, user, filters: dict | None = None) -> QuerySet[Organisation]:
    filters = filters or {}
    qs = Organisation.objects.visible_to(user)
    kind = filters.get("kind")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def municipality_list(*, user) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).municipalities().order_by("name")


def person_list(*, user, organisation=None) -> QuerySet[Person]:
    qs = Person.objects.visible_to(user).select_related("organisation")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


# --- networks and meetings ------------------------------------------------------------------
# Reads of the network registry. Every one starts from a `visible_to(user)` queryset.

from datetime import date, datetime, time, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects  # noqa: E402
from django.utils import timezone  # noqa: E402

from .models import (  # noqa: E402
    ActionItem,
    AgendaItem,
    Decision,
    FocusArea,
    Invitation,
    Meeting,
    Membership,
    MembershipRole,
    Minutes,
    Network,
    NetworkLine,
)
from .registry import link_providers  # noqa: E402

STOCKHOLM = ZoneInfo("Europe/Stockholm")


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


def meeting_list(*, user, network: Network | None = None, upcoming: bool | None = None, filters=None):
    qs = Meeting.objects.visible_to(user).select_related("network", "host")
    if network is not None:
        qs = qs.filter(network=network)
    if upcoming is True:
        qs = qs.upcoming().order_by("starts_at")
    elif upcoming is False:
        qs = qs.past().order_by("-starts_at")
    filters = filters or {}
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if slug := filters.get("network"):
        qs = qs.filter(network__slug=slug)
    if after := filters.get("from"):
        qs = qs.filter(starts_at__date__gte=after)
    if before := filters.get("to"):
        qs = qs.filter(starts_at__date__lte=before)
    return qs.annotate(
        accepted_items=Count("agenda_items", filter=Q(agenda_items__status=AgendaItem.Status.ACCEPTED), distinct=True),
        minutes_status=F("minutes__status"),
    )


def published_minutes(*, user, network: Network) -> QuerySet[Minutes]:
    return (
        Minutes.objects.filter(meeting__in=Meeting.objects.visible_to(user).filter(network=network))
        .filter(status=Minutes.Status.PUBLISHED)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    )


def minutes_visible(*, user, meeting: Meeting, insider: bool):
    """The meeting's minutes for this reader: published for everyone who sees the meeting;
    drafts and approved minutes for the network's insiders only."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return None
    if minutes.status == Minutes.Status.PUBLISHED or insider:
        return minutes
    return None


def meeting_detail(*, user, slug: str, pk: int) -> Meeting:
    return (
        Meeting.objects.visible_to(user)
        .select_related("network", "host", "invited_group", "series")
        .get(network__slug=slug, pk=pk)
    )


def meeting_agenda(*, user, meeting: Meeting) -> list[AgendaItem]:
    """The agenda items this reader may see, in order; each carries `links`: [(label, [objects])]
    from the registered link providers, plus `documents` when knowledge declares them."""
    qs = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("proposed_by", "proposer_organisation", "action_item")
    )
    providers = link_providers()
    lookups = [p.prefetch_lookup for p in providers if p.prefetch_lookup and hasattr(AgendaItem, p.prefetch_lookup)]
    fallback_documents = hasattr(AgendaItem, "documents") and not any(p.field_name == "documents" for p in providers)
    if fallback_documents:
        lookups.append("documents")
    if lookups:
        qs = qs.prefetch_related(*lookups)
    items = list(qs)
    for item in items:
        links = [(p.label, p.linked(item)) for p in providers]
        if fallback_documents:
            links.append(("Dokument", list(item.documents.all())))
        item.links = [(label, objects) for label, objects in links if objects]
    return items


def meeting_invitations(*, user, meeting: Meeting) -> QuerySet[Invitation]:
    return (
        Invitation.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("person", "organisation", "substitute", "attended_by")
        .order_by("organisation__name", "person__name")
    )


def meeting_decisions(*, meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("agenda_item").order_by("created_at", "pk")


def meeting_action_items(*, meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.action_items.select_related("owner", "owner_organisation").order_by("due", "pk")


def open_action_items(*, network: Network) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(meeting__network=network, done_at__isnull=True)
        .select_related("owner", "owner_organisation", "meeting")
        .order_by("due", "pk")
    )


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


def organisation_meetings(*, user, organisation, upcoming: bool = True, limit: int | None = 10):
    """Meetings the organisation is invited to: networks it is a member of, whole network or
    a group it belongs to."""
    member_networks = Membership.objects.active().filter(organisation=organisation).values("network_id")
    qs = (
        Meeting.objects.visible_to(user)
        .filter(network__in=member_networks)
        .filter(Q(invited_group__isnull=True) | Q(invited_group__organisations=organisation))
        .select_related("network", "host")
        .distinct()
    )
    qs = qs.upcoming().order_by("starts_at") if upcoming else qs.order_by("starts_at")
    return qs[:limit] if limit else qs


def personal_meetings(*, user):
    """The personal feed: all meetings of the networks the user is inside of."""
    inside = Network.objects.insiders_of(user).values("pk")
    return Meeting.objects.filter(network__in=inside)


def participation_table(*, user, filters=None) -> dict:
    """The network inventory: networks (rows) × organisations (columns) with the number of
    active members each organisation has in each network, plus purpose and governance."""
    filters = filters or {}
    networks = list(
        network_list(user=user, filters=filters).prefetch_related(
            Prefetch("lines_out", queryset=NetworkLine.objects.select_related("target"))
        )
    )
    network_ids = [n.pk for n in networks]
    cells = {}
    org_ids = set()
    for network_id, org_id, n in (
        Membership.objects.active()
        .filter(network_id__in=network_ids)
        .exclude(role__in=["substitute", "secretary"])
        .values_list("network_id", "organisation_id")
        .annotate(n=Count("pk"))
    ):
        cells[(network_id, org_id)] = n
        org_ids.add(org_id)
    from .models import Organisation

    kind_order = {"region": 0, "county_board": 1, "municipality": 2}
    organisations = sorted(
        Organisation.objects.filter(pk__in=org_ids), key=lambda o: (kind_order.get(o.kind, 9), o.name)
    )
    rows = []
    for network in networks:
        counts = [cells.get((network.pk, org.pk), 0) for org in organisations]
        rows.append({"network": network, "counts": counts, "total": sum(1 for c in counts if c)})
    return {"networks": networks, "organisations": organisations, "rows": rows}


def organisation_load(*, user, year: int | None = None, organisation=None) -> list[dict]:
    """Per organisation: its networks, the meetings it was invited to in `year` (not
    cancelled), how many of those were held, and its attendance rate at the held ones."""
    year = year or timezone.localdate().year
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=STOCKHOLM)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=STOCKHOLM)
    visible_meetings = Meeting.objects.visible_to(user).not_cancelled().filter(starts_at__gte=start, starts_at__lt=end)
    held = Q(meeting__status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED])
    invitations = Invitation.objects.filter(meeting__in=visible_meetings.values("pk"))
    if organisation is not None:
        invitations = invitations.filter(organisation=organisation)
    stats = {
        row["organisation"]: row
        for row in invitations.values("organisation").annotate(
            meetings=Count("meeting", distinct=True),
            held=Count("meeting", filter=held, distinct=True),
            attended=Count("meeting", filter=held & Q(attended=True), distinct=True),
        )
    }
    memberships = Membership.objects.active().filter(network__in=Network.objects.visible_to(user).values("pk"))
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    network_counts = dict(
        memberships.values("organisation").annotate(n=Count("network", distinct=True)).values_list("organisation", "n")
    )
    from .models import Organisation

    orgs = Organisation.objects.filter(pk__in=set(network_counts) | set(stats)).order_by("name")
    rows = []
    for org in orgs:
        s = stats.get(org.pk, {"meetings": 0, "held": 0, "attended": 0})
        rate = (s["attended"] / s["held"]) if s["held"] else None
        rows.append(
            {
                "organisation": org,
                "networks": network_counts.get(org.pk, 0),
                "meetings": s["meetings"],
                "held": s["held"],
                "attended": s["attended"],
                "attendance_rate": rate,
            }
        )
    rows.sort(key=lambda r: (-r["meetings"], r["organisation"].name))
    return rows


def upcoming_meeting_dates(*, user, days: int = 400):
    """First coming meeting per network (for list pages)."""
    now = timezone.now()
    return dict(
        Meeting.objects.visible_to(user)
        .not_cancelled()
        .filter(starts_at__gte=now, starts_at__lte=now + timedelta(days=days))
        .values("network")
        .annotate(first=Min("starts_at"))
        .values_list("network", "first")
    )


def has_open_proposals(meeting: Meeting) -> bool:
    return meeting.agenda_items.filter(status=AgendaItem.Status.PROPOSED).exists()


def network_has_member(network: Network, organisation) -> bool:
    return Membership.objects.active().filter(network=network, organisation=organisation).exists()
