"""PATCH /api/v1/agenda-items/<id>/: the page's rules (services.agenda_item_update) through the
API, for every role and state; bad input answers 400 in Swedish keyed by field; a refused
change saves nothing. Also the edit page for a coordinator on an item of a kind that members
cannot propose (a follow-up)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.utils import timezone

from networks import services
from networks.models import AgendaItem
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NOT_YOURS = "Du kan bara ändra punkter som du själv har föreslagit."


def _url(item):
    return f"/api/v1/agenda-items/{item.pk}/"


def _patch(client, item, data):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.patch(_url(item), data=body, content_type="application/json")


def _as(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def _unchanged(item):
    fresh = AgendaItem.objects.get(pk=item.pk)
    return (fresh.title, fresh.description, fresh.kind, fresh.presenter, fresh.duration_minutes, fresh.status) == (
        "Vindkraft",
        "Erfarenheter",
        "discussion",
        "",
        None,
        AgendaItem.Status.PROPOSED,
    )


def _edit_page(item):
    return item.meeting.get_absolute_url() + f"punkter/{item.pk}/andra/"


# --- who -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 403),  # writes need a signed-in user
        ("signed_in_user", 404),  # outside the network: the proposal is not shown, so not found
        ("outside_planner", 404),
        ("other_coordinator", 403),  # of another network; the Region is a member, so sees it
        ("planner", 200),  # the proposer
        ("case_officer", 403),  # a member's person who sees the proposal, but it is not theirs
        ("coordinator", 200),
        ("editor", 403),
        ("administrator", 200),
    ],
)
def test_patch_per_role(request, client, role, status, proposal):
    response = _patch(_as(client, request, role), proposal, {"title": "Vindkraft och natur", "presenter": "Någon"})
    assert response.status_code == status, response.content
    if status == 200:
        body = response.json()
        assert (body["id"], body["title"], body["presenter"], body["description"]) == (
            proposal.pk,
            "Vindkraft och natur",
            "Någon",
            "Erfarenheter",
        )
        fresh = AgendaItem.objects.get(pk=proposal.pk)
        assert (fresh.title, fresh.presenter, fresh.status) == ("Vindkraft och natur", "Någon", "proposed")
    else:
        assert _unchanged(proposal)
    if status == 403 and role != "anonymous":
        assert response.json() == {"detail": NOT_YOURS}
    if status == 404:
        assert "Vindkraft" not in response.content.decode()


@pytest.mark.parametrize("role", ["planner", "case_officer", "editor"])
def test_every_member_changes_their_own_proposal(request, client, role, coming_meeting):
    user = request.getfixturevalue(role)
    item = services.agenda_item_propose(meeting=coming_meeting, data={"title": "Eget förslag"}, actor=user)
    client.force_login(user)
    response = _patch(client, item, {"title": "Ändrat", "kind": "information", "duration_minutes": 20})
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.title, item.kind, item.duration_minutes, item.status) == ("Ändrat", "information", 20, "proposed")


def test_an_item_that_is_not_found_answers_404(client, planner):
    client.force_login(planner)
    assert client.patch("/api/v1/agenda-items/999999/", data="{}", content_type="application/json").status_code == 404


def test_put_is_not_offered(client, proposal, coordinator):
    client.force_login(coordinator)
    response = client.put(_url(proposal), data=json.dumps({"title": "Hela"}), content_type="application/json")
    assert response.status_code == 405
    assert _unchanged(proposal)


# --- when ------------------------------------------------------------------------------------------


def test_after_the_deadline_only_the_coordinator(client, proposal, planner, coordinator):
    meeting = proposal.meeting
    meeting.agenda_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    client.force_login(planner)
    response = _patch(client, proposal, {"title": "Sent"})
    assert response.status_code == 400
    assert "Sista dag för förslag var" in response.json()["non_field_errors"][0]
    assert _unchanged(proposal)
    client.force_login(coordinator)
    assert _patch(client, proposal, {"title": "Samordnarens"}).status_code == 200
    assert AgendaItem.objects.get(pk=proposal.pk).title == "Samordnarens"


@pytest.mark.parametrize(
    "change, expected",
    [
        ("closed", "Dagordningen är inte öppen för förslag."),
        ("cancelled", "Mötet är inställt; det går inte att föreslå punkter."),
        ("accepted", "Samordnaren har redan behandlat punkten, så den kan inte ändras längre."),
        ("declined", "Samordnaren har redan behandlat punkten, så den kan inte ändras längre."),
    ],
)
def test_no_changes_by_the_proposer_once_closed_cancelled_or_decided(
    client, change, expected, proposal, planner, coordinator
):
    meeting = proposal.meeting
    if change == "closed":
        services.meeting_set_status(meeting=meeting, status="agenda_closed", actor=coordinator)
    elif change == "cancelled":
        services.meeting_cancel(meeting=meeting, reason="", actor=coordinator)
    elif change == "accepted":
        services.agenda_item_accept(item=proposal, actor=coordinator)
    else:
        services.agenda_item_decline(item=proposal, reason="Nästa gång", actor=coordinator)
    before = AgendaItem.objects.get(pk=proposal.pk).status
    client.force_login(planner)
    response = _patch(client, proposal, {"title": "Ändrad", "description": "Nytt"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [expected]}
    fresh = AgendaItem.objects.get(pk=proposal.pk)
    assert (fresh.title, fresh.description, fresh.status) == ("Vindkraft", "Erfarenheter", before)


def test_the_coordinator_changes_an_accepted_item(client, proposal, coordinator):
    services.agenda_item_accept(item=proposal, actor=coordinator)
    client.force_login(coordinator)
    response = _patch(client, proposal, {"duration_minutes": 45})
    assert response.status_code == 200 and response.json()["duration_minutes"] == 45
    fresh = AgendaItem.objects.get(pk=proposal.pk)
    assert (fresh.duration_minutes, fresh.status, fresh.title) == (45, "accepted", "Vindkraft")


def test_a_refused_user_learns_nothing_from_bad_input(client, proposal, case_officer):
    """Who may change comes first: bad input from one who may not is still 403."""
    client.force_login(case_officer)
    response = _patch(client, proposal, {"title": "", "kind": "nonsense"})
    assert response.status_code == 403 and response.json() == {"detail": NOT_YOURS}


# --- what ------------------------------------------------------------------------------------------


def test_only_the_fields_sent_change(client, proposal, planner):
    client.force_login(planner)
    response = _patch(client, proposal, {"presenter": "Exempelkommun"})
    assert response.status_code == 200
    fresh = AgendaItem.objects.get(pk=proposal.pk)
    assert (fresh.title, fresh.description, fresh.kind, fresh.presenter) == (
        "Vindkraft",
        "Erfarenheter",
        "discussion",
        "Exempelkommun",
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": "   "}, "title", "Ange en rubrik för punkten."),
        ({"title": ""}, "title", "Ange en rubrik för punkten."),
        ({"title": "x" * 201}, "title", "Se till att detta fält inte har fler än 200 tecken."),
        ({"title": None}, "title", "Det här fältet får inte vara null."),
        ({"kind": "nonsense"}, "kind", '"nonsense" är inte ett giltigt val.'),
        ({"kind": "follow_up"}, "kind", "Den typen av punkt kan bara samordnaren välja."),
        ({"duration_minutes": 2}, "duration_minutes", "Se till att detta värde är större än eller lika med 5."),
        ({"duration_minutes": "lång"}, "duration_minutes", "Ett giltigt heltal krävs."),
        ({"status": "accepted"}, "status", "Fältet kan inte ändras här."),
        ({"position": 1}, "position", "Fältet kan inte ändras här."),
        ({"meeting": 1}, "meeting", "Fältet kan inte ändras här."),
        ({"colour": "blå"}, "colour", "Fältet kan inte ändras här."),
    ],
)
def test_bad_input_answers_400_in_swedish_by_field_and_saves_nothing(client, proposal, planner, data, field, message):
    client.force_login(planner)
    response = _patch(client, proposal, {"description": "Ska inte sparas", **data})
    assert response.status_code == 400, response.content
    assert response.json() == {field: [message]}
    assert _unchanged(proposal)


def test_unknown_fields_are_refused_even_beside_good_ones(client, proposal, coordinator):
    """Refused, not ignored: a coordinator who sends status would otherwise believe it accepted."""
    client.force_login(coordinator)
    response = _patch(client, proposal, {"title": "Ny", "status": "accepted", "position": 3})
    assert response.status_code == 400
    assert response.json() == {"position": ["Fältet kan inte ändras här."], "status": ["Fältet kan inte ändras här."]}
    assert _unchanged(proposal)


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{not json"])
def test_a_body_that_is_not_an_object_is_refused(client, proposal, planner, body):
    client.force_login(planner)
    response = _patch(client, proposal, body)
    assert response.status_code == 400
    assert _unchanged(proposal)


def test_the_coordinator_may_choose_any_kind(client, proposal, coordinator):
    client.force_login(coordinator)
    response = _patch(client, proposal, {"kind": "follow_up"})
    assert response.status_code == 200 and response.json()["kind"] == "follow_up"
    assert AgendaItem.objects.get(pk=proposal.pk).kind == "follow_up"


def test_the_proposer_may_keep_a_kind_the_coordinator_gave(client, proposal, planner, coordinator):
    services.agenda_item_update(item=proposal, data={"kind": "follow_up"}, actor=coordinator)
    client.force_login(planner)
    response = _patch(client, proposal, {"kind": "follow_up", "title": "Behåller typen"})
    assert response.status_code == 200
    fresh = AgendaItem.objects.get(pk=proposal.pk)
    assert (fresh.kind, fresh.title) == ("follow_up", "Behåller typen")


# --- links ---------------------------------------------------------------------------------------


def test_links_are_replaced(client, proposal, planner, test_links):
    first = OrganisationFactory(name="Länkad ett", slug="lankad-1")
    second = OrganisationFactory(name="Länkad två", slug="lankad-2")
    test_links[proposal.pk] = [first]
    client.force_login(planner)
    response = _patch(client, proposal, {"links": {"test_links": [second.pk]}})
    assert response.status_code == 200
    assert response.json()["links"]["test_links"] == [second.pk] and test_links[proposal.pk] == [second]
    assert _unchanged(proposal)


@pytest.mark.parametrize(
    "links, field, message",
    [
        ({"test_links": [999999]}, "test_links", "Några av de valda finns inte eller får inte väljas."),
        ({"test_links": ["x"]}, "links", None),
        ({"okand": [1]}, "okand", "Okänd koppling: okand."),
        ("inte en lista", "links", None),
    ],
)
def test_a_refused_link_saves_nothing(client, proposal, planner, test_links, links, field, message):
    first = OrganisationFactory(name="Länkad ett", slug="lankad-1")
    OrganisationFactory(name="Inte länkbar", slug="annan")
    test_links[proposal.pk] = [first]
    client.force_login(planner)
    response = _patch(client, proposal, {"title": "Ny rubrik", "kind": "decision", "links": links})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert _unchanged(proposal) and test_links[proposal.pk] == [first]


def test_an_organisation_outside_the_providers_choice_is_refused(client, proposal, planner, test_links):
    outside = OrganisationFactory(name="Inte länkbar", slug="annan")
    client.force_login(planner)
    response = _patch(client, proposal, {"title": "Ny rubrik", "links": {"test_links": [outside.pk]}})
    assert response.status_code == 400
    assert response.json() == {"test_links": ["Några av de valda finns inte eller får inte väljas."]}
    assert _unchanged(proposal) and proposal.pk not in test_links


# --- the schema ----------------------------------------------------------------------------------


def test_the_committed_schema_documents_patch_with_its_request_body():
    schema = yaml.safe_load((Path(__file__).parents[2] / "docs" / "openapi.yaml").read_text())
    operation = schema["paths"]["/api/v1/agenda-items/{id}/"]["patch"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(body["properties"]) == {"title", "description", "kind", "presenter", "duration_minutes", "links"}
    assert not body.get("required")
    assert {"200", "400", "403", "404"} <= set(operation["responses"])
    assert "put" not in schema["paths"]["/api/v1/agenda-items/{id}/"]


# --- the page: the coordinator on an item of a kind members cannot propose ---------------------------


@pytest.fixture
def follow_up(coming_meeting, coordinator):
    return services.agenda_item_propose(
        meeting=coming_meeting, data={"title": "Uppföljning: kartunderlag", "kind": "follow_up"}, actor=coordinator
    )


def test_the_coordinator_edits_a_follow_up_on_the_page(client, follow_up, coordinator):
    client.force_login(coordinator)
    form = client.get(_edit_page(follow_up)).content.decode()
    assert '<option value="follow_up" selected>' in form
    response = client.post(_edit_page(follow_up), {"title": "Uppföljning: kartor", "kind": "follow_up"})
    assert response.status_code == 302, response.content.decode()
    fresh = AgendaItem.objects.get(pk=follow_up.pk)
    assert (fresh.title, fresh.kind) == ("Uppföljning: kartor", "follow_up")


def test_the_coordinator_may_give_any_kind_on_the_page(client, proposal, coordinator):
    client.force_login(coordinator)
    assert '<option value="follow_up">' in client.get(_edit_page(proposal)).content.decode()
    response = client.post(_edit_page(proposal), {"title": "Vindkraft", "kind": "follow_up"})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=proposal.pk).kind == "follow_up"


def test_the_proposer_is_not_offered_a_follow_up_and_cannot_post_one(client, proposal, planner):
    client.force_login(planner)
    assert 'value="follow_up"' not in client.get(_edit_page(proposal)).content.decode()
    response = client.post(_edit_page(proposal), {"title": "Vindkraft", "kind": "follow_up"})
    assert response.status_code == 400
    assert _unchanged(proposal)


def test_the_proposer_keeps_a_kind_the_coordinator_gave_on_the_page(client, proposal, planner, coordinator):
    services.agenda_item_update(item=proposal, data={"kind": "follow_up"}, actor=coordinator)
    client.force_login(planner)
    assert '<option value="follow_up" selected>' in client.get(_edit_page(proposal)).content.decode()
    response = client.post(_edit_page(proposal), {"title": "Vindkraft, ändrad", "kind": "follow_up"})
    assert response.status_code == 302
    fresh = AgendaItem.objects.get(pk=proposal.pk)
    assert (fresh.title, fresh.kind) == ("Vindkraft, ändrad", "follow_up")


def test_the_service_refuses_a_follow_up_from_a_proposer(proposal, planner):
    with pytest.raises(ValidationError) as err:
        services.agenda_item_update(item=proposal, data={"kind": "follow_up"}, actor=planner)
    assert err.value.message_dict == {"kind": ["Den typen av punkt kan bara samordnaren välja."]}
    assert _unchanged(proposal)
