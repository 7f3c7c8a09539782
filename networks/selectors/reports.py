"""The county's overview: networks × organisations, and each organisation's meeting load."""

from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from ..models import Invitation, Meeting, Membership, Network, NetworkLine, Organisation
from .common import STOCKHOLM
from .networks import network_list


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
