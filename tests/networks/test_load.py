"""9. The load on each organisation (networks, meetings per year, attendance rate), the
county's networks × organisations table with CSV export, the reporting-lines diagram."""

import csv
import io
from datetime import date
from xml.etree import ElementTree

import pytest

from networks import selectors
from networks.models import NetworkLine

from .factories import InvitationFactory, MeetingFactory, MembershipFactory, NetworkFactory, at

pytestmark = pytest.mark.django_db


def test_load_per_organisation(fol, municipality, other_municipality, coordinator):
    from networks import services
    from networks.services.meetings import create_invitations

    held_1 = MeetingFactory(network=fol, starts_at=at(date(2025, 3, 13)), status="held")
    held_2 = MeetingFactory(network=fol, starts_at=at(date(2025, 5, 8)), status="held")
    cancelled = MeetingFactory(network=fol, starts_at=at(date(2025, 9, 11)), status="cancelled")
    not_recorded = MeetingFactory(network=fol, starts_at=at(date(2025, 11, 13)), status="agenda_closed")
    other_year = MeetingFactory(network=fol, starts_at=at(date(2024, 11, 14)), status="held")
    for meeting in (held_1, held_2, cancelled, not_recorded, other_year):
        create_invitations(meeting)
    inv = {i.organisation_id: i.pk for i in held_1.invitations.all()}
    services.attendance_record(
        meeting=held_1, attended={inv[municipality.pk]: True, inv[other_municipality.pk]: False}, actor=coordinator
    )
    services.attendance_record(
        meeting=held_2, attended={i.pk: True for i in held_2.invitations.all()}, actor=coordinator
    )

    rows = {r["organisation"].name: r for r in selectors.organisation_load(user=coordinator, year=2025)}
    mine, neighbour = rows["Exempelkommun"], rows["Grannkommun"]
    assert (mine["networks"], mine["meetings"], mine["held"], mine["attended"]) == (1, 3, 2, 2)
    assert mine["attendance_rate"] == 1.0
    assert (neighbour["attended"], neighbour["attendance_rate"]) == (1, 0.5)
    assert selectors.organisation_load(user=coordinator, year=2024)[0]["meetings"] == 1


def test_participation_table_and_csv(client, fol, municipality, region, coordinator):
    kcrd = NetworkFactory(name="KC/RD-gruppen", short_name="KC/RD", slug="kc-rd", mandate="prepares")
    MembershipFactory(network=kcrd, organisation=municipality, role="member")
    MembershipFactory(network=kcrd, organisation=municipality, role="member")
    NetworkLine.objects.create(source=kcrd, target=fol, kind="prepares_for")
    table = selectors.participation_table(user=None)
    names = [o.name for o in table["organisations"]]
    assert names[0] == "Region Örebro län"  # the Region first, then Länsstyrelsen, then the municipalities
    kc_row = next(r for r in table["rows"] if r["network"] == kcrd)
    assert kc_row["counts"][names.index("Exempelkommun")] == 2 and kc_row["total"] == 1

    response = client.get("/natverk/deltagande.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Nätverk", "Kortnamn", "Typ", "Syfte"] and "Exempelkommun" in header
    kc = next(r for r in rows if r[0] == "KC/RD-gruppen")
    assert kc[header.index("Mandat")] == "Bereder ärenden"
    assert "bereder ärenden för FOL" in kc[header.index("Rapporterar till / bereder för")]
    assert kc[header.index("Exempelkommun")] == "2"


def test_the_reporting_lines_diagram_is_accessible_svg_with_the_same_lines_as_text(client, coordinator):
    council = NetworkFactory(name="Regionala samverkansrådet", slug="radet")
    kcrd = NetworkFactory(name="KC/RD-gruppen", short_name="KC/RD", slug="kcrd")
    ekn = NetworkFactory(name="Energi- och klimatnätverket", short_name="EKN", slug="ekn")
    NetworkLine.objects.create(source=kcrd, target=council, kind="prepares_for")
    NetworkLine.objects.create(source=ekn, target=kcrd, kind="reports_to")
    body = client.get("/natverk/deltagande/").content.decode()
    svg = body[body.index("<svg") : body.index("</svg>") + 6]
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "group" and root.find(f"{ns}title").text == "Rapporteringsvägar mellan nätverken"
    assert sorted(a.get("href") for a in root.iter(f"{ns}a")) == ["/natverk/ekn/", "/natverk/kcrd/", "/natverk/radet/"]
    # layers: the council on top, KC/RD under it, EKN under KC/RD
    ys = {a.get("href"): float(a.find(f"{ns}rect").get("y")) for a in root.iter(f"{ns}a")}
    assert ys["/natverk/radet/"] < ys["/natverk/kcrd/"] < ys["/natverk/ekn/"]
    assert "Energi- och klimatnätverket (EKN)</a> rapporterar till" in body


def test_a_scheduling_warning_on_the_meeting_page(client, fol, coordinator, municipality, coming_meeting):
    kcrd = NetworkFactory(name="KC/RD-gruppen", short_name="KC/RD")
    MembershipFactory(network=kcrd, organisation=municipality)
    MeetingFactory(network=kcrd, starts_at=coming_meeting.starts_at.replace(hour=13))
    client.force_login(coordinator)
    body = client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "Samma dag: KC/RD har möte" in body and "Exempelkommun" in body
    # and on the form's submission
    response = client.post(
        "/natverk/fol/moten/nytt/",
        {
            "title": "Extramöte",
            "date": coming_meeting.starts_at.date().isoformat(),
            "start_time": "09:00",
            "end_time": "11:00",
            "status": "planned",
        },
        follow=True,
    )
    assert "Samma dag: KC/RD har möte" in response.content.decode()


def test_invitation_factory_is_usable():
    assert InvitationFactory().organisation_id
