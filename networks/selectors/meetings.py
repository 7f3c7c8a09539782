"""Reads of meetings: lists, one meeting's agenda, invitations, minutes, decisions and action
items, who a meeting invites, and same-day conflicts. Every list starts from `visible_to(user)`."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    Membership,
    Minutes,
    Network,
    Organisation,
    TakeHome,
)
from ..registry import link_providers
from .common import DEFAULT_AGENDA_DEADLINE, STOCKHOLM
from .networks import member_organisation_ids


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
    """The network's published minutes, each with its meeting's general take-home as `summary`."""
    general = TakeHome.objects.filter(meeting=OuterRef("meeting"), organisation__isnull=True).values("text")[:1]
    return (
        Minutes.objects.filter(meeting__in=Meeting.objects.visible_to(user).filter(network=network))
        .filter(status=Minutes.Status.PUBLISHED)
        .select_related("meeting")
        .annotate(summary=Subquery(general))
        .order_by("-meeting__starts_at")
    )


def minutes_visible(*, user, meeting: Meeting):
    """The meeting's minutes for this reader: published for everyone who sees the meeting;
    drafts and approved minutes for the network's insiders only."""
    from ..permissions import is_insider  # permissions reads selectors

    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return None
    if minutes.status == Minutes.Status.PUBLISHED or is_insider(user, meeting.network):
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
    from the registered link providers (networks.registry)."""
    qs = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("proposed_by", "proposer_organisation", "action_item")
    )
    providers = link_providers()
    lookups = [p.prefetch_lookup for p in providers if p.prefetch_lookup and hasattr(AgendaItem, p.prefetch_lookup)]
    if lookups:
        qs = qs.prefetch_related(*lookups)
    items = list(qs)
    for item in items:
        links = [(p.label, p.linked(item)) for p in providers]
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


def proposal_deadline(meeting: Meeting):
    return meeting.agenda_deadline or meeting.starts_at - DEFAULT_AGENDA_DEADLINE


def invited_organisation_ids(meeting: Meeting) -> set[int]:
    members = member_organisation_ids(meeting.network, timezone.localtime(meeting.starts_at, STOCKHOLM).date())
    if meeting.invited_group_id:
        members &= set(meeting.invited_group.organisations.values_list("pk", flat=True))
    return members


def meeting_conflicts(*, network: Network, day, organisation_ids, exclude_pk=None) -> list[dict]:
    """Other networks' meetings on `day` (Stockholm time) where any of `organisation_ids` is
    invited: [{meeting, organisations}] — a warning for the person scheduling."""
    start = datetime.combine(day, time.min, tzinfo=STOCKHOLM)
    end = start + timedelta(days=1)
    meetings = (
        Meeting.objects.not_cancelled()
        .filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(network=network)
        .select_related("network", "invited_group")
    )
    if exclude_pk:
        meetings = meetings.exclude(pk=exclude_pk)
    meetings = list(meetings)
    if not meetings:
        return []
    networks = {m.network_id for m in meetings}
    members: dict[int, set[int]] = {}
    for net_id, org_id in (
        Membership.objects.active(day).filter(network_id__in=networks).values_list("network_id", "organisation_id")
    ):
        members.setdefault(net_id, set()).add(org_id)
    names = dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name"))
    conflicts = []
    for m in meetings:
        invited = members.get(m.network_id, set())
        if m.invited_group_id:
            invited &= set(m.invited_group.organisations.values_list("pk", flat=True))
        shared = invited & set(organisation_ids)
        if shared:
            conflicts.append({"meeting": m, "organisations": sorted(names[o] for o in shared)})
    return conflicts


def suggested_next_host(network: Network):
    """For networks that rotate hosting: the member organisation that hosted longest ago (or never)."""
    if not network.rotating_host:
        return None
    members = list(
        Organisation.objects.filter(pk__in=member_organisation_ids(network)).order_by("name").values_list("pk", "name")
    )
    if not members:
        return None
    last_hosted = {}
    for host_id, starts_at in (
        Meeting.objects.filter(network=network, host__isnull=False)
        .not_cancelled()
        .order_by("starts_at")
        .values_list("host_id", "starts_at")
    ):
        last_hosted[host_id] = starts_at
    never = datetime.min.replace(tzinfo=STOCKHOLM)
    pk, _name = min(members, key=lambda m: (last_hosted.get(m[0], never), m[1]))
    return Organisation.objects.get(pk=pk)


def meeting_organisation_ids(meeting: Meeting) -> set[int]:
    """The organisations the meeting concerns: invited by membership, or holding an invitation."""
    return invited_organisation_ids(meeting) | set(meeting.invitations.values_list("organisation_id", flat=True))


def meeting_take_homes(*, user, meeting: Meeting) -> list[TakeHome]:
    """The meeting's take-homes this reader may see: the general one first, then each
    organisation's by name."""
    return sorted(
        TakeHome.objects.visible_to(user).filter(meeting=meeting).select_related("organisation", "written_by"),
        key=lambda t: (t.organisation_id is not None, t.organisation.name if t.organisation_id else ""),
    )


def organisation_take_homes(*, user, organisation, limit: int | None = 10) -> QuerySet[TakeHome]:
    """What the organisation takes home from network meetings, newest meeting first: its own
    take-homes, and for the meetings it was invited to where it wrote none, the meeting's general
    one (written with the minutes; `is_general` on those)."""
    member_networks = Membership.objects.active().filter(organisation=organisation).values("network_id")
    invited = (
        Meeting.objects.filter(network__in=member_networks)
        .filter(Q(invited_group__isnull=True) | Q(invited_group__organisations=organisation))
        .values("pk")
    )
    own = TakeHome.objects.filter(meeting=OuterRef("meeting"), organisation=organisation)
    qs = (
        TakeHome.objects.visible_to(user)
        .filter(Q(organisation=organisation) | Q(organisation__isnull=True, meeting__in=invited) & ~Exists(own))
        .annotate(is_general=Q(organisation__isnull=True))
        .select_related("meeting__network", "written_by")
        .order_by("-meeting__starts_at", "pk")
    )
    return qs[:limit] if limit else qs
