"""11. API: networks (slug, short_name), memberships, meetings, agenda items (propose,
accept, decline), attendance; meeting places as GeoJSON. Errors in Swedish in the body."""

from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from networks.models import AgendaItem, Meeting

from .factories import MeetingFactory, MembershipFactory, NetworkFactory, in_days

pytestmark = pytest.mark.django_db


def test_networks_with_slug_and_short_name(client, fol):
    data = client.get("/api/v1/networks/").json()
    [row] = data["results"]
    assert row["slug"] == "fol" and row["short_name"] == "FOL" and row["member_organisations"] == 3
    assert client.get("/api/v1/networks/fol/").json()["name"] == fol.name
    assert client.get("/api/v1/networks/?kind=council").json()["count"] == 0


def test_memberships_hide_people_from_the_public(client, fol, planner):
    rows = client.get("/api/v1/memberships/?network=fol").json()["results"]
    assert len(rows) == 3 and all(r["person"] is None for r in rows)
    client.force_login(planner)
    rows = client.get("/api/v1/memberships/?network=fol").json()["results"]
    assert any(r["person"] and r["person"]["name"] == "planner person" for r in rows)
    assert "email" not in str(rows)


def test_membership_api_refuses_a_second_contact_person(client, fol, coordinator, municipality):
    from networks.models import CompositionRule
    from tests.factories import PersonFactory

    CompositionRule.objects.create(network=fol, role="contact_person", max_count=1)
    client.force_login(coordinator)
    person = PersonFactory(organisation=municipality)
    response = client.post(
        "/api/v1/memberships/",
        {"network": "fol", "organisation": municipality.slug, "person": person.pk, "role": "contact_person"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "högst 1 kontaktperson" in response.json()["person"][0]


def test_schedule_a_meeting_and_a_series_and_bad_input(client, fol, coordinator):
    client.force_login(coordinator)
    start, end = in_days(30), in_days(30, 12)
    response = client.post(
        "/api/v1/meetings/",
        {
            "network": "fol",
            "title": "FOL",
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "longitude": 15.2,
            "latitude": 59.27,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["warnings"] == [] and body["meetings"][0]["location"]["coordinates"] == [15.2, 59.27]
    response = client.post(
        "/api/v1/meetings/",
        {
            "network": "fol",
            "title": "Serie",
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "rrule": "FREQ=WEEKLY",
            "count": 3,
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and len(response.json()["meetings"]) == 3
    bad = client.post(
        "/api/v1/meetings/",
        {"network": "fol", "title": "Fel", "starts_at": end.isoformat(), "ends_at": start.isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "sluta efter att det börjar" in bad.json()["ends_at"][0]
    no_end = client.post(
        "/api/v1/meetings/",
        {
            "network": "fol",
            "title": "Serie",
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "rrule": "FREQ=WEEKLY",
        },
        content_type="application/json",
    )
    assert no_end.status_code == 400 and "slutdatum eller ett antal" in no_end.json()["until"][0]
    assert Meeting.objects.count() == 4


def test_propose_accept_decline_and_errors(client, coming_meeting, planner, coordinator, outside_planner):
    client.force_login(planner)
    url = "/api/v1/agenda-items/"
    r = client.post(url, {"meeting": coming_meeting.pk, "title": "Vindkraft"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "proposed"
    first = r.json()["id"]
    second = client.post(url, {"meeting": coming_meeting.pk, "title": "Drönare"}, content_type="application/json")
    assert client.post(f"{url}{first}/accept/", {}, content_type="application/json").status_code == 403
    client.force_login(coordinator)
    r = client.post(f"{url}{first}/accept/", {"position": 1, "duration_minutes": 30}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["duration_minutes"] == 30
    r = client.post(f"{url}{second.json()['id']}/decline/", {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and "Ange varför" in r.json()["reason"][0]
    r = client.post(f"{url}{second.json()['id']}/decline/", {"reason": "Nästa gång"}, content_type="application/json")
    assert r.json()["status"] == "declined"
    # the public sees accepted items only once the agenda is published
    client.logout()
    assert client.get(f"{url}?meeting={coming_meeting.pk}").json()["count"] == 0
    client.force_login(coordinator)
    assert client.post(f"/api/v1/meetings/{coming_meeting.pk}/publish-agenda/").status_code == 200
    client.logout()
    assert [i["title"] for i in client.get(f"{url}?meeting={coming_meeting.pk}").json()["results"]] == ["Vindkraft"]
    # an organisation that is not a member
    client.force_login(outside_planner)
    r = client.post(url, {"meeting": coming_meeting.pk, "title": "X"}, content_type="application/json")
    assert r.status_code == 403 and "medlemsorganisationer" in r.json()["detail"]
    assert AgendaItem.objects.count() == 2


def test_proposal_after_the_cut_off_has_a_swedish_error_body(client, coming_meeting, planner):
    from django.utils import timezone

    coming_meeting.agenda_deadline = timezone.now() - timezone.timedelta(minutes=1)
    coming_meeting.save()
    client.force_login(planner)
    r = client.post(
        "/api/v1/agenda-items/", {"meeting": coming_meeting.pk, "title": "Sent"}, content_type="application/json"
    )
    assert r.status_code == 400 and "Sista dag för förslag var" in r.json()["non_field_errors"][0]


def test_reply_and_attendance(client, coming_meeting, held_meeting, planner, coordinator):
    client.force_login(planner)
    r = client.post(f"/api/v1/meetings/{coming_meeting.pk}/reply/", {"reply": "yes"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["reply"] == "yes"
    r = client.post(f"/api/v1/meetings/{held_meeting.pk}/reply/", {"reply": "yes"}, content_type="application/json")
    assert r.status_code == 400 and "redan varit" in r.json()["reply"][0]
    rows = client.get(f"/api/v1/meetings/{coming_meeting.pk}/attendance/").json()["results"]
    assert {r["reply"] for r in rows} == {"yes", ""}
    client.force_login(coordinator)
    inv = held_meeting.invitations.first()
    r = client.post(
        f"/api/v1/meetings/{held_meeting.pk}/attendance/",
        {"attendance": [{"invitation": inv.pk, "attended": True}]},
        content_type="application/json",
    )
    assert r.status_code == 200 and any(row["attended"] for row in r.json()["results"])


def test_cancel_and_status_through_the_api(client, coming_meeting, coordinator, planner):
    client.force_login(planner)
    assert client.post(f"/api/v1/meetings/{coming_meeting.pk}/cancel/").status_code == 403
    client.force_login(coordinator)
    r = client.post(
        f"/api/v1/meetings/{coming_meeting.pk}/status/", {"status": "held"}, content_type="application/json"
    )
    assert r.status_code == 400 and "först när det har börjat" in r.json()["status"][0]
    r = client.post(
        f"/api/v1/meetings/{coming_meeting.pk}/cancel/", {"reason": "Sjuk"}, content_type="application/json"
    )
    assert r.json()["status"] == "cancelled" and r.json()["sequence"] == 1
    r = client.patch(f"/api/v1/meetings/{coming_meeting.pk}/", {"title": "Nytt"}, content_type="application/json")
    assert r.status_code == 400


def test_meeting_places_geojson(client, fol):
    MeetingFactory(network=fol, point=Point(515000, 6571000, srid=3006), title="I Örebro")
    MeetingFactory(network=fol, point=None, title="Digitalt")
    r = client.get("/api/v1/meeting-places/")
    assert r["Content-Type"] == "application/geo+json"
    data = r.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1
    feature = data["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "Point" and 10 < lon < 25 and 55 < lat < 69.5
    assert feature["properties"]["title"] == "I Örebro" and feature["properties"]["url"].startswith(
        "/natverk/fol/moten/"
    )
    assert client.get("/api/v1/meeting-places/?bbox=11,55,12,56").json()["features"] == []
    assert client.get("/api/v1/meeting-places/?bbox=1,2").status_code == 400


def test_the_online_link_is_for_insiders(client, fol, planner):
    meeting = MeetingFactory(network=fol, online_url="https://meet.example.org/x")
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").json()["online_url"] == ""
    client.force_login(planner)
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").json()["online_url"] == "https://meet.example.org/x"


def test_coordinators_register_and_change_networks_through_the_api(client, coordinator, planner, region):
    body = {"name": "Energi- och klimatnätverket", "short_name": "EKN", "kind": "network", "convenor": region.slug}
    client.force_login(planner)
    assert client.post("/api/v1/networks/", body, content_type="application/json").status_code == 403
    client.force_login(coordinator)
    r = client.post("/api/v1/networks/", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["slug"] == "ekn" and r.json()["short_name"] == "EKN"
    r = client.patch("/api/v1/networks/ekn/", {"meetings_per_year": 4}, content_type="application/json")
    assert r.status_code == 200 and r.json()["meetings_per_year"] == 4
    client.force_login(planner)
    assert (
        client.patch("/api/v1/networks/ekn/", {"meetings_per_year": 9}, content_type="application/json").status_code
        == 403
    )


# --- the network's chair, vice chair and secretary ---------------------------------------------


@pytest.fixture
def fol_leaders(fol, municipality, other_municipality, region):
    """FOL: chaired by the Region's coordinator (conftest), co-chaired by Grannkommun, with a
    vice chair from Exempelkommun and a secretary; a former chair and a coming one do not count."""
    MembershipFactory(network=fol, organisation=other_municipality, person__name="Medordförande Exempel", role="chair")
    MembershipFactory(network=fol, organisation=municipality, person__name="Vice Exempel", role="vice_chair")
    MembershipFactory(network=fol, organisation=region, person__name="Sekreterare Exempel", role="secretary")
    MembershipFactory(
        network=fol, organisation=region, person__name="Förra Ordföranden", role="chair", end=date(2024, 12, 31)
    )
    MembershipFactory(
        network=fol,
        organisation=region,
        person__name="Kommande Ordföranden",
        role="chair",
        start=timezone.localdate() + timedelta(days=30),
    )
    return fol


def _leaders(row):
    return {
        key: [(r["organisation"], r["person"]["name"] if r["person"] else None) for r in row[key]]
        for key in ("chairs", "vice_chairs", "secretaries")
    }


def test_the_network_api_shows_chair_vice_chair_and_secretary_by_name_to_signed_in_users(
    client, fol_leaders, planner, coordinator, region, municipality, other_municipality
):
    client.force_login(planner)
    expected = {
        "chairs": [(other_municipality.slug, "Medordförande Exempel"), (region.slug, "coordinator person")],
        "vice_chairs": [(municipality.slug, "Vice Exempel")],
        "secretaries": [(region.slug, "Sekreterare Exempel")],
    }
    [row] = client.get("/api/v1/networks/").json()["results"]
    assert _leaders(row) == expected
    detail = client.get("/api/v1/networks/fol/").json()
    assert _leaders(detail) == expected
    assert detail["chairs"][1]["organisation_name"] == "Region Örebro län"
    assert detail["chairs"][1]["person"] == {"id": coordinator.person.pk, "name": "coordinator person"}
    assert "Förra Ordföranden" not in str(detail) and "Kommande Ordföranden" not in str(detail)
    assert "@example.org" not in str(detail)  # a name, never contact details


def test_the_public_sees_which_organisations_lead_a_network_but_no_names(client, fol_leaders, region):
    for body in (client.get("/api/v1/networks/").json()["results"][0], client.get("/api/v1/networks/fol/").json()):
        assert [r["organisation"] for r in body["chairs"]] == ["grannkommun", region.slug]
        assert all(r["person"] is None for key in ("chairs", "vice_chairs", "secretaries") for r in body[key])
    raw = client.get("/api/v1/networks/").content.decode()
    assert "Exempel" not in raw.replace("Exempelkommun", "") and "coordinator person" not in raw


def test_the_leaders_of_an_internal_network_are_not_shown_outside_it(client, outside_planner, planner, municipality):
    internal = NetworkFactory(internal=True, name="LänsIT-gruppen", slug="lansit")
    MembershipFactory(network=internal, organisation=municipality, person__name="Hemlig Ordförande", role="chair")
    client.force_login(outside_planner)
    assert "Hemlig Ordförande" not in client.get("/api/v1/networks/").content.decode()
    assert client.get("/api/v1/networks/lansit/").status_code == 404
    client.force_login(planner)
    assert client.get("/api/v1/networks/lansit/").json()["chairs"][0]["person"]["name"] == "Hemlig Ordförande"


def test_a_network_registered_through_the_api_answers_with_its_leaders(client, coordinator, region):
    client.force_login(coordinator)
    body = {"name": "Energi- och klimatnätverket", "short_name": "EKN", "kind": "network", "convenor": region.slug}
    r = client.post("/api/v1/networks/", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["chairs"] == [] and r.json()["secretaries"] == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_network_list_with_leaders_costs_the_same_queries_for_1_and_25_networks(
    client, count_queries, planner, signed_in
):
    if signed_in:
        client.force_login(planner)

    def networks(n):
        for _ in range(n):
            network = NetworkFactory()
            for role in ("chair", "chair", "vice_chair", "secretary", "member"):
                MembershipFactory(network=network, role=role)

    networks(1)
    client.get("/api/v1/networks/")  # warm the per-user caches
    few, _ = count_queries(lambda: client.get("/api/v1/networks/"))
    networks(24)
    many, response = count_queries(lambda: client.get("/api/v1/networks/"))
    rows = response.json()["results"]
    assert len(rows) == 25 and all(len(r["chairs"]) == 2 and len(r["secretaries"]) == 1 for r in rows)
    assert all((r["chairs"][0]["person"] is not None) is signed_in for r in rows)
    assert few == many, (few, many)
