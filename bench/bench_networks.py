"""The network registry at county scale and a little beyond: 40 networks, 60 organisations,
a year of meetings (about 700) with their invitations (about 10 000).

1. The load per organisation (networks, meetings, held, attended) computed by two grouped
   queries, against the obvious per-organisation loop. Goal: at most 0.5× the loop's time.
2. The network list and participation pages cost the same number of queries for 40 networks
   as for 4. Goal: ratio ≤ 1.0.
3. A personal calendar feed costs the same number of queries for all 40 networks' meetings
   as for one network's. Goal: ratio ≤ 1.0."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from networks import selectors
from networks.models import Invitation, Meeting, Membership, Network, Organisation, Person

from .timing import interleaved, median

STOCKHOLM = ZoneInfo("Europe/Stockholm")
N_ORGS = 60
N_NETWORKS = 40
YEAR = timezone.localdate().year - 1


def _build():
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bänkorganisation {i}", kind="other", slug=f"bank-org-{i}") for i in range(N_ORGS)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Bänkperson {i}", organisation=o, email=f"bank{i}@example.org", is_example=True)
        for i, o in enumerate(orgs)
    )
    networks = Network.objects.bulk_create(
        Network(name=f"Bänknätverk {i}", short_name=f"B{i}", slug=f"bank-{i}", kind="network")
        for i in range(N_NETWORKS)
    )
    memberships = []
    for n, network in enumerate(networks):
        for k in range(15):
            i = (n * 7 + k) % N_ORGS
            memberships.append(
                Membership(
                    network=network,
                    organisation=orgs[i],
                    person=people[i],
                    role="contact_person",
                    start=date(2020, 1, 1),
                )
            )
    Membership.objects.bulk_create(memberships)
    meetings = []
    for n, network in enumerate(networks):
        for m in range(18):
            start = datetime.combine(date(YEAR, 1, 2) + timedelta(days=20 * m + n % 20), time(9), tzinfo=STOCKHOLM)
            meetings.append(
                Meeting(
                    network=network,
                    title=f"Möte {m}",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    status="held",
                )
            )
    Meeting.objects.bulk_create(meetings)
    by_network = {}
    for m in memberships:
        by_network.setdefault(m.network_id, []).append(m)
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            person_id=m.person_id,
            organisation_id=m.organisation_id,
            attended=(meeting.pk + m.organisation_id) % 3 != 0,
        )
        for meeting in meetings
        for m in by_network[meeting.network_id]
    )
    return networks


def _load_by_loop(year):
    """What one writes first: a few queries per organisation."""
    start = datetime.combine(date(year, 1, 1), time.min, tzinfo=STOCKHOLM)
    end = datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=STOCKHOLM)
    rows = []
    for org in Organisation.objects.order_by("name"):
        invitations = Invitation.objects.filter(
            organisation=org, meeting__starts_at__gte=start, meeting__starts_at__lt=end
        ).exclude(meeting__status="cancelled")
        held = invitations.filter(meeting__status__in=["held", "minutes_approved"])
        rows.append(
            {
                "organisation": org,
                "networks": Membership.objects.active().filter(organisation=org).values("network").distinct().count(),
                "meetings": invitations.values("meeting").distinct().count(),
                "held": held.values("meeting").distinct().count(),
                "attended": held.filter(attended=True).values("meeting").distinct().count(),
            }
        )
    return rows


def run(report):
    networks = _build()

    # 1. load per organisation
    sql_rows = {r["organisation"].pk: r for r in selectors.organisation_load(user=None, year=YEAR)}
    loop_rows = {r["organisation"].pk: r for r in _load_by_loop(YEAR)}
    for pk, row in loop_rows.items():
        if row["meetings"]:
            assert all(sql_rows[pk][k] == row[k] for k in ("networks", "meetings", "held", "attended")), pk
    times = interleaved(
        {
            "sql": lambda: selectors.organisation_load(user=None, year=YEAR),
            "loop": lambda: _load_by_loop(YEAR),
        },
        rounds=15,
        warmup=2,
    )
    report(
        name="load per organisation: grouped queries / per-organisation loop",
        ratio=median(times["sql"]) / median(times["loop"]),
        goal=0.5,
        detail=f"({median(times['sql']) * 1000:.1f} ms vs {median(times['loop']) * 1000:.1f} ms, "
        f"{N_ORGS} organisations, {Invitation.objects.count()} invitations)",
    )

    # 2. queries do not grow with the number of networks
    client = Client()
    for url in ("/natverk/", "/natverk/deltagande/", "/api/v1/networks/"):
        Network.objects.exclude(pk__in=[n.pk for n in networks[:4]]).update(status="closed")
        with CaptureQueriesContext(connection) as few_ctx:
            client.get(url + "?status=active")
        Network.objects.update(status="active")
        with CaptureQueriesContext(connection) as many_ctx:
            client.get(url + "?status=active")
        report(
            name=f"queries for {N_NETWORKS} networks / for 4: {url}",
            ratio=len(many_ctx.captured_queries) / max(1, len(few_ctx.captured_queries)),
            goal=1.0,
            detail=f"({len(many_ctx.captured_queries)} vs {len(few_ctx.captured_queries)} queries)",
        )

    # 3. the personal feed: the same queries for a year of one network's meetings as for all of them
    from django.contrib.auth import get_user_model

    from networks.models import CalendarToken

    user = get_user_model().objects.create(username="bank-coordinator", is_superuser=False)
    token = CalendarToken.objects.create(user=user)
    networks[0].coordinators.add(user)
    with CaptureQueriesContext(connection) as few_ctx:
        few_body = client.get(f"/natverk/kalender/{token.token}.ics").content
    for network in networks[1:]:
        network.coordinators.add(user)
    with CaptureQueriesContext(connection) as many_ctx:
        many_body = client.get(f"/natverk/kalender/{token.token}.ics").content
    n_few = len(Calendar.from_ical(few_body).walk("VEVENT"))
    n_many = len(Calendar.from_ical(many_body).walk("VEVENT"))
    assert n_many > n_few
    report(
        name=f"personal feed queries: {n_many} meetings / {n_few} meetings",
        ratio=len(many_ctx.captured_queries) / len(few_ctx.captured_queries),
        goal=1.0,
        detail=f"({len(many_ctx.captured_queries)} vs {len(few_ctx.captured_queries)} queries, {len(many_body)} bytes)",
    )
    assert Invitation.objects.filter(Q(attended=True)).aggregate(n=Count("pk"))["n"] > 0
