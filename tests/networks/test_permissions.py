"""12. Who may do what, one test per role: the public, a signed-in user with no role, a
planner of a member municipality, a planner outside, the network's coordinator, another
coordinator, a case officer, an editor, an administrator."""

import pytest
from django.core.exceptions import PermissionDenied

from networks import services
from networks.models import Network

from .factories import MeetingFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(municipality):
    network = NetworkFactory(internal=True, name="LänsIT-gruppen", slug="lansit")
    MembershipFactory(network=network, organisation=municipality)
    MeetingFactory(network=network, title="Internt möte")
    return network


def _can_manage(user, network):
    try:
        services.network_update(network=network, data={"rhythm_note": "ändrad"}, actor=user)
        return True
    except PermissionDenied:
        return False


def test_the_public_sees_public_networks_dates_and_published_minutes_never_contacts(
    client, fol, coming_meeting, held_meeting, internal, coordinator
):
    services.minutes_save(meeting=held_meeting, text="Utkast", actor=coordinator)
    body = client.get("/natverk/").content.decode()
    assert "Forum för fysisk planering" in body and "LänsIT-gruppen" not in body
    assert client.get("/natverk/lansit/").status_code == 404
    body = client.get("/natverk/fol/").content.decode()
    assert "FOL-möte om vindkraft" in body
    assert "planner person" not in body and "@example.org" not in body  # no names, no contact details
    body = client.get(held_meeting.get_absolute_url()).content.decode()
    assert "Utkast" not in body and "Inbjudna och deras svar" not in body
    assert client.get("/api/v1/networks/lansit/").status_code == 404
    assert client.get(f"/api/v1/meetings/{coming_meeting.pk}/attendance/").status_code in (401, 403)
    assert "example.org" not in client.get("/api/v1/memberships/").content.decode()
    assert client.get("/natverk/fol/moten/nytt/").status_code == 302  # to sign in


def test_a_signed_in_user_without_organisation_sees_names_but_not_internal_networks(
    client, signed_in_user, fol, internal, coming_meeting
):
    client.force_login(signed_in_user)
    assert client.get("/natverk/lansit/").status_code == 404
    assert "planner person" in client.get("/natverk/fol/").content.decode()
    r = client.post(
        "/api/v1/agenda-items/", {"meeting": coming_meeting.pk, "title": "X"}, content_type="application/json"
    )
    assert r.status_code == 403


def test_a_member_planner_proposes_replies_and_sees_internal_networks_but_does_not_manage(
    client, planner, fol, internal, coming_meeting
):
    client.force_login(planner)
    assert client.get("/natverk/lansit/").status_code == 200
    assert services.agenda_item_propose(meeting=coming_meeting, data={"title": "Förslag"}, actor=planner)
    assert services.meeting_reply(meeting=coming_meeting, actor=planner, reply="yes")
    assert not _can_manage(planner, fol)
    assert client.get("/natverk/fol/moten/nytt/").status_code == 403
    assert client.post(coming_meeting.get_absolute_url() + "stall-in/").status_code == 403
    assert "Inbjudna och deras svar" in client.get(coming_meeting.get_absolute_url()).content.decode()


def test_a_planner_outside_neither_proposes_nor_sees_internal_networks(
    client, outside_planner, internal, coming_meeting
):
    client.force_login(outside_planner)
    assert client.get("/natverk/lansit/").status_code == 404
    response = client.get(coming_meeting.get_absolute_url() + "punkter/ny/")
    assert response.status_code == 403
    assert "Bara medlemsorganisationernas personer kan föreslå punkter." in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.agenda_item_propose(meeting=coming_meeting, data={"title": "X"}, actor=outside_planner)


def test_the_networks_coordinator_manages_it(client, coordinator, fol, coming_meeting):
    assert _can_manage(coordinator, fol)
    client.force_login(coordinator)
    for url in ("/natverk/fol/andra/", "/natverk/fol/moten/nytt/", coming_meeting.get_absolute_url() + "andra/"):
        assert client.get(url).status_code == 200, url
    assert "Samordnarens verktyg" in client.get(coming_meeting.get_absolute_url()).content.decode()


def test_another_coordinator_registers_networks_but_does_not_manage_this_one(client, other_coordinator, fol):
    assert not _can_manage(other_coordinator, fol)
    network = services.network_create(data={"name": "Nytt forum", "kind": "forum"}, actor=other_coordinator)
    assert _can_manage(other_coordinator, network)
    client.force_login(other_coordinator)
    assert client.get("/natverk/fol/moten/nytt/").status_code == 403


@pytest.mark.parametrize("role_fixture", ["case_officer", "editor"])
def test_case_officers_and_editors_are_readers_here(request, role_fixture, fol, coming_meeting, client):
    user = request.getfixturevalue(role_fixture)
    assert not _can_manage(user, fol)
    with pytest.raises(PermissionDenied):
        services.network_create(data={"name": "X", "kind": "forum"}, actor=user)
    client.force_login(user)
    # the Region is a member of FOL in these fixtures, so its staff can propose
    assert services.agenda_item_propose(meeting=coming_meeting, data={"title": "Från regionen"}, actor=user)


def test_an_administrator_manages_every_network_and_sees_internal_ones(client, administrator, internal, fol):
    assert _can_manage(administrator, internal) and _can_manage(administrator, fol)
    assert set(Network.objects.visible_to(administrator)) == {internal, fol}
    client.force_login(administrator)
    assert client.get("/natverk/lansit/").status_code == 200
