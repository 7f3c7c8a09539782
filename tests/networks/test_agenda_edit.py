"""4b. A proposer changes their own agenda item while the agenda takes proposals: the rules
(services.agenda_item_check_edit) for every role and state, the page from the meeting page,
Swedish errors on the form, and nothing half-saved."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from networks import services
from networks.forms import AgendaItemForm
from networks.models import AgendaItem
from networks.views.common import link_fields
from planportal.forms import add_service_errors
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "signed_in_user", "planner", "case_officer", "coordinator", "editor", "administrator"]
# Who may change the planner's proposal: the planner (their own), FOL's coordinator and the
# administrator (they manage every network). The case officer and the editor work for the
# Region, a member of FOL, so they see the proposal, but it is not theirs.
MAY_CHANGE_THE_PLANNERS = {"planner", "coordinator", "administrator"}


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


def _edit_url(item):
    return item.meeting.get_absolute_url() + f"punkter/{item.pk}/andra/"


def _unchanged(item):
    fresh = AgendaItem.objects.get(pk=item.pk)
    return (fresh.title, fresh.description, fresh.kind) == ("Vindkraft", "Erfarenheter", "discussion")


# --- the rules, per role ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_members_proposal(request, role, proposal):
    user = _user(request, role)
    if role in MAY_CHANGE_THE_PLANNERS:
        services.agenda_item_update(item=proposal, data={"title": "Vindkraft och natur"}, actor=user)
        assert AgendaItem.objects.get(pk=proposal.pk).title == "Vindkraft och natur"
    else:
        with pytest.raises(PermissionDenied):
            services.agenda_item_update(item=proposal, data={"title": "Kapad"}, actor=user)
        assert _unchanged(proposal)


@pytest.mark.parametrize("role", ["planner", "case_officer", "editor"])
def test_every_member_changes_their_own_proposal(request, role, coming_meeting):
    user = request.getfixturevalue(role)
    item = services.agenda_item_propose(meeting=coming_meeting, data={"title": "Eget förslag"}, actor=user)
    assert item.status == AgendaItem.Status.PROPOSED
    services.agenda_item_update(
        item=item, data={"title": "Eget förslag, ändrat", "kind": "information", "duration_minutes": 20}, actor=user
    )
    item.refresh_from_db()
    assert (item.title, item.kind, item.duration_minutes) == ("Eget förslag, ändrat", "information", 20)


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),  # to sign in
        ("signed_in_user", 404),  # outside the network: the proposal is not shown, so not found
        ("planner", 200),
        ("case_officer", 403),
        ("coordinator", 200),
        ("editor", 403),
        ("administrator", 200),
    ],
)
def test_the_edit_page_per_role(request, client, role, status, proposal):
    user = _user(request, role)
    if role != "anonymous":
        client.force_login(user)
    response = client.get(_edit_url(proposal))
    assert response.status_code == status
    if status == 302:
        assert "/konto/logga-in/" in response["Location"]
    if status == 403:
        assert "Du kan bara ändra punkter som du själv har föreslagit." in response.content.decode()
    response = client.post(_edit_url(proposal), {"title": "Kapad", "kind": "discussion"})
    assert response.status_code == (302 if status == 200 else status)
    assert AgendaItem.objects.get(pk=proposal.pk).title == ("Kapad" if status == 200 else "Vindkraft")


# --- the rules, per state ----------------------------------------------------------------------------


def test_no_changes_after_the_cut_off_except_by_the_coordinator(proposal, planner, coordinator):
    meeting = proposal.meeting
    meeting.agenda_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    with pytest.raises(ValidationError) as err:
        services.agenda_item_update(item=proposal, data={"title": "Sent"}, actor=planner)
    assert "Sista dag för förslag var" in err.value.messages[0]
    assert _unchanged(proposal)
    services.agenda_item_update(item=proposal, data={"title": "Samordnarens rubrik"}, actor=coordinator)
    assert AgendaItem.objects.get(pk=proposal.pk).title == "Samordnarens rubrik"


@pytest.mark.parametrize("change", ["closed", "cancelled", "accepted", "declined"])
def test_no_changes_once_the_agenda_is_closed_the_meeting_cancelled_or_the_item_decided(
    change, proposal, planner, coordinator
):
    meeting = proposal.meeting
    if change == "closed":
        services.meeting_set_status(meeting=meeting, status="agenda_closed", actor=coordinator)
        expected = "inte öppen för förslag"
    elif change == "cancelled":
        services.meeting_cancel(meeting=meeting, reason="", actor=coordinator)
        expected = "Mötet är inställt"
    elif change == "accepted":
        services.agenda_item_accept(item=proposal, actor=coordinator)
        expected = "redan behandlat"
    else:
        services.agenda_item_decline(item=proposal, reason="Nästa gång", actor=coordinator)
        expected = "redan behandlat"
    item = AgendaItem.objects.select_related("meeting__network").get(pk=proposal.pk)
    with pytest.raises(ValidationError) as err:
        services.agenda_item_update(item=item, data={"title": "Ändrad"}, actor=planner)
    assert expected in err.value.messages[0]
    assert AgendaItem.objects.get(pk=proposal.pk).title == "Vindkraft"


def test_a_proposer_whose_organisation_left_the_network_cannot_change_it(proposal, planner, coordinator, fol):
    membership = fol.memberships.get(organisation=planner.person.organisation)
    services.membership_end(membership=membership, actor=coordinator, end=timezone.localdate() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.agenda_item_update(item=proposal, data={"title": "Ändrad"}, actor=planner)
    assert _unchanged(proposal)


def test_an_empty_title_is_refused_in_swedish(proposal, planner):
    with pytest.raises(ValidationError) as err:
        services.agenda_item_update(item=proposal, data={"title": "   "}, actor=planner)
    assert err.value.message_dict["title"] == ["Ange en rubrik för punkten."]
    assert _unchanged(proposal)


def test_a_refused_link_saves_nothing(proposal, planner, test_links):
    first = OrganisationFactory(name="Länkad ett", slug="lankad-1")
    services.agenda_item_update(item=proposal, data={}, links={"test_links": [first.pk]}, actor=planner)
    item = AgendaItem.objects.select_related("meeting__network").get(pk=proposal.pk)
    with pytest.raises(ValidationError) as err:
        services.agenda_item_update(
            item=item, data={"title": "Ny rubrik", "kind": "decision"}, links={"test_links": [999999]}, actor=planner
        )
    assert "test_links" in err.value.message_dict
    assert _unchanged(proposal) and test_links[proposal.pk] == [first]


def test_a_refused_link_shows_beside_its_field(test_links):
    form = AgendaItemForm({"title": "X", "kind": "discussion"})
    assert form.is_valid()
    add_service_errors(
        form, ValidationError({"test_links": "Får inte väljas.", "title": "För lång."}), field_map=link_fields(form)
    )
    assert form.errors["link_test_links"] == ["Får inte väljas."] and form.errors["title"] == ["För lång."]


# --- the page -------------------------------------------------------------------------------------------


def test_the_meeting_page_links_the_proposer_to_their_own_open_proposal_only(
    client, proposal, planner, case_officer, coordinator
):
    other = services.agenda_item_propose(meeting=proposal.meeting, data={"title": "Regionens"}, actor=case_officer)
    client.force_login(planner)
    body = client.get(proposal.meeting.get_absolute_url()).content.decode()
    assert f'href="{_edit_url(proposal)}"' in body and _edit_url(other) not in body
    assert "Ändra förslaget" in body
    client.force_login(coordinator)  # the coordinator decides on proposals; no edit link
    assert "Ändra förslaget" not in client.get(proposal.meeting.get_absolute_url()).content.decode()
    # after the cut-off the link is gone
    meeting = proposal.meeting
    meeting.agenda_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    client.force_login(planner)
    assert _edit_url(proposal) not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_proposer_edits_on_the_page(client, proposal, planner, test_links):
    first = OrganisationFactory(name="Länkad ett", slug="lankad-1")
    second = OrganisationFactory(name="Länkad två", slug="lankad-2")
    test_links[proposal.pk] = [first]
    client.force_login(planner)
    form = client.get(_edit_url(proposal)).content.decode()
    assert "<h1>Ändra punkt</h1>" in form and 'value="Vindkraft"' in form and "Erfarenheter</textarea>" in form
    assert f'<option value="{first.pk}" selected>' in form and "Spara ändringarna" in form
    response = client.post(
        _edit_url(proposal),
        {
            "title": "Vindkraft och landskap",
            "description": "Hur har kommunerna gjort?",
            "kind": "information",
            "presenter": "Exempelkommun",
            "duration_minutes": "30",
            "link_test_links": [second.pk],
        },
        follow=True,
    )
    assert "Punkten är ändrad." in response.content.decode()
    item = AgendaItem.objects.get(pk=proposal.pk)
    assert (item.title, item.description, item.kind, item.presenter, item.duration_minutes) == (
        "Vindkraft och landskap",
        "Hur har kommunerna gjort?",
        "information",
        "Exempelkommun",
        30,
    )
    assert item.status == AgendaItem.Status.PROPOSED and test_links[item.pk] == [second]


def test_bad_input_on_the_page_gives_swedish_errors_and_saves_nothing(client, proposal, planner):
    client.force_login(planner)
    response = client.post(
        _edit_url(proposal), {"title": "  ", "description": "Nytt", "kind": "nonsense", "duration_minutes": "2"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Det finns fel i formuläret" in body
    assert "Det här fältet är obligatoriskt." in body
    assert "Kontrollera att detta värde är större än eller lika med 5." in body
    assert 'aria-invalid="true"' in body
    assert _unchanged(proposal) and AgendaItem.objects.get(pk=proposal.pk).duration_minutes is None


def test_after_the_cut_off_the_page_sends_the_proposer_back_with_the_reason(client, proposal, planner):
    meeting = proposal.meeting
    meeting.agenda_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    client.force_login(planner)
    response = client.post(_edit_url(proposal), {"title": "Sent", "kind": "discussion"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(meeting.get_absolute_url())
    assert "Sista dag för förslag var" in response.content.decode()
    assert _unchanged(proposal)


def test_an_item_of_another_meeting_is_not_found(client, proposal, planner, held_meeting):
    client.force_login(planner)
    assert client.get(held_meeting.get_absolute_url() + f"punkter/{proposal.pk}/andra/").status_code == 404


def test_the_edit_page_speaks_english(client, proposal, planner):
    client.force_login(planner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(_edit_url(proposal)).content.decode()
    assert "Edit item" in body and "Save the changes" in body and "You can change your proposal until" in body
    assert "Edit the proposal" in client.get(proposal.meeting.get_absolute_url()).content.decode()
