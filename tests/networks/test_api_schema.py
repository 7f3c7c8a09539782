"""Defect 7, the networks part: the networks API answers inside docs/openapi.yaml — a meeting
without a host, an agenda item without a proposing organisation, meeting attendance (a page, as
declared) and the answer to registering a network (with the list's fields)."""

import pytest

from planportal.testing.openapi import check_response

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _conforms(client, method, path, **kwargs):
    response = getattr(client, method)(path, **kwargs)
    problems = check_response(method.upper(), path, response.status_code, response["Content-Type"], response.content)
    assert not problems, problems
    return response


def test_a_meeting_without_a_host_and_an_item_without_a_proposer(client, fol):
    meeting = MeetingFactory(network=fol, host=None, agenda_published_at="2026-01-01T09:00Z")
    item = AgendaItemFactory(meeting=meeting, status="accepted", proposer_organisation=None)
    assert _conforms(client, "get", f"/api/v1/meetings/{meeting.pk}/").json()["host"] is None
    _conforms(client, "get", "/api/v1/meetings/")
    assert _conforms(client, "get", f"/api/v1/agenda-items/{item.pk}/").json()["proposer_organisation"] is None
    _conforms(client, "get", "/api/v1/agenda-items/")


def test_meeting_attendance_is_a_page(client, coming_meeting, held_meeting, planner, coordinator):
    client.force_login(planner)
    page = _conforms(client, "get", f"/api/v1/meetings/{coming_meeting.pk}/attendance/").json()
    assert page["count"] == len(page["results"]) == coming_meeting.invitations.count()
    client.force_login(coordinator)
    inv = held_meeting.invitations.first()
    page = _conforms(
        client,
        "post",
        f"/api/v1/meetings/{held_meeting.pk}/attendance/",
        data={"attendance": [{"invitation": inv.pk, "attended": True}]},
        content_type="application/json",
    ).json()
    assert any(row["attended"] for row in page["results"])


def test_the_answer_to_registering_a_network(client, coordinator, region):
    client.force_login(coordinator)
    body = {"name": "Energi- och klimatnätverket", "short_name": "EKN", "kind": "network", "convenor": region.slug}
    created = _conforms(client, "post", "/api/v1/networks/", data=body, content_type="application/json").json()
    assert created["member_organisations"] == 0 and created["next_meeting"] is None and created["chairs"] == []
    changed = _conforms(
        client, "patch", "/api/v1/networks/ekn/", data={"meetings_per_year": 4}, content_type="application/json"
    ).json()
    assert changed["meetings_per_year"] == 4 and "member_organisations" in changed


def test_attendance_costs_the_same_queries_for_1_and_25_invitations(client, fol, coordinator, count_queries):
    from tests.factories import PersonFactory

    from .factories import InvitationFactory

    client.force_login(coordinator)
    small, large = MeetingFactory(network=fol), MeetingFactory(network=fol)
    InvitationFactory(meeting=small)
    for _ in range(25):
        InvitationFactory(meeting=large, substitute=PersonFactory(), reply="substitute")
    client.get(f"/api/v1/meetings/{small.pk}/attendance/")  # warm the per-user caches
    one, response = count_queries(lambda: client.get(f"/api/v1/meetings/{small.pk}/attendance/"))
    assert response.json()["count"] == 1
    many, response = count_queries(lambda: client.get(f"/api/v1/meetings/{large.pk}/attendance/"))
    assert response.json()["count"] == 25
    assert one == many
