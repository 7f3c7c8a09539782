"""4. An agenda shaped by all members: proposals until the cut-off; the coordinator accepts,
declines with a reason, orders and times, and publishes. Items link to documents through
the registry that knowledge fills."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from networks import registry, services
from networks.models import AgendaItem, Meeting
from tests.factories import OrganisationFactory

from .factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def test_a_member_proposes_and_the_coordinator_accepts_orders_times_and_publishes(
    coming_meeting, planner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    item = services.agenda_item_propose(
        meeting=coming_meeting,
        data={"title": "Erfarenheter av vindbruksplaner", "description": "Vad gjorde ni?"},
        actor=planner,
    )
    assert item.status == AgendaItem.Status.PROPOSED
    assert item.proposed_by == planner.person and item.proposer_organisation.name == "Exempelkommun"
    own = services.agenda_item_propose(meeting=coming_meeting, data={"title": "Välkommen"}, actor=coordinator)
    assert own.status == AgendaItem.Status.ACCEPTED and own.position == 1
    services.agenda_item_accept(item=item, actor=coordinator, duration_minutes=45)
    services.agenda_order(
        meeting=coming_meeting,
        order=[{"id": item.pk, "position": 1}, {"id": own.pk, "position": 2, "duration_minutes": 15}],
        actor=coordinator,
    )
    assert [i.title for i in coming_meeting.agenda_items.accepted().order_by("position")] == [
        "Erfarenheter av vindbruksplaner",
        "Välkommen",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=coming_meeting, actor=coordinator)
    coming_meeting.refresh_from_db()
    assert coming_meeting.agenda_published_at and coming_meeting.status == Meeting.Status.AGENDA_CLOSED
    body = mailoutbox[-1].body
    assert "Dagordningen" in body and body.index("1. Erfarenheter") < body.index("2. Välkommen")


def test_declining_needs_a_reason_the_proposer_sees(coming_meeting, planner, coordinator, client):
    item = services.agenda_item_propose(meeting=coming_meeting, data={"title": "Drönare"}, actor=planner)
    with pytest.raises(ValidationError) as err:
        services.agenda_item_decline(item=item, reason="  ", actor=coordinator)
    assert "Ange varför" in err.value.message_dict["reason"][0]
    services.agenda_item_decline(item=item, reason="Tas upp på nästa möte.", actor=coordinator)
    client.force_login(planner)
    assert "Tas upp på nästa möte." in client.get(coming_meeting.get_absolute_url()).content.decode()


def test_a_proposal_after_the_cut_off_is_refused(coming_meeting, planner):
    coming_meeting.agenda_deadline = timezone.now() - timedelta(hours=1)
    coming_meeting.save()
    with pytest.raises(ValidationError) as err:
        services.agenda_item_propose(meeting=coming_meeting, data={"title": "Sent"}, actor=planner)
    assert "Sista dag för förslag var" in err.value.messages[0]
    assert not AgendaItem.objects.exists()


def test_the_default_cut_off_is_a_week_before(coming_meeting):
    assert services.proposal_deadline(coming_meeting) == coming_meeting.starts_at - timedelta(days=7)


def test_proposals_only_while_the_agenda_is_open(coming_meeting, planner, coordinator):
    services.meeting_set_status(meeting=coming_meeting, status="agenda_closed", actor=coordinator)
    with pytest.raises(ValidationError) as err:
        services.agenda_item_propose(meeting=coming_meeting, data={"title": "X"}, actor=planner)
    assert "inte öppen" in err.value.messages[0]


def test_a_person_of_an_organisation_that_is_not_a_member_cannot_propose(coming_meeting, outside_planner):
    with pytest.raises(PermissionDenied):
        services.agenda_item_propose(meeting=coming_meeting, data={"title": "X"}, actor=outside_planner)
    assert not AgendaItem.objects.exists()


def test_items_link_through_the_registry(coming_meeting, planner, coordinator, client):
    """A higher app's provider (here a stand-in that links organisations) appears on the form,
    is saved with the proposal, and is shown on the meeting page."""
    linked = {}
    orgs = [OrganisationFactory(name="Länkad organisation", slug="lankad")]

    def save(item, objects, actor):
        linked[item.pk] = list(objects)

    from networks.models import Organisation

    registry.register_agenda_item_link_provider(
        field_name="test_links",
        label="Testlänkar",
        queryset=lambda user: Organisation.objects.filter(slug="lankad"),
        save=save,
        current=lambda item: linked.get(item.pk, []),
        prefetch="",
    )
    try:
        client.force_login(planner)
        form = client.get(coming_meeting.get_absolute_url() + "punkter/ny/").content.decode()
        assert "Testlänkar" in form
        response = client.post(
            coming_meeting.get_absolute_url() + "punkter/ny/",
            {"title": "Med länk", "kind": "discussion", "link_test_links": [orgs[0].pk]},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        item = AgendaItem.objects.get(title="Med länk")
        assert linked[item.pk] == orgs
        with pytest.raises(ValidationError):  # something the user may not pick
            services.agenda_item_propose(
                meeting=coming_meeting, data={"title": "Fel"}, links={"test_links": [999999]}, actor=planner
            )
        page = client.get(coming_meeting.get_absolute_url()).content.decode()
        assert "Testlänkar" in page and "Länkad organisation" in page
    finally:
        registry.unregister_agenda_item_link_provider("test_links")


def test_documents_linked_by_knowledge_show_on_the_meeting_page(coming_meeting, coordinator, client):
    if not hasattr(AgendaItem, "documents"):
        pytest.skip("knowledge does not declare Document.agenda_items")
    from tests.knowledge.factories import DocumentFactory

    document = DocumentFactory(title="Vindbruksplan för länet")
    item = AgendaItemFactory(meeting=coming_meeting, title="Vindkraft")
    document.agenda_items.add(item)
    services.agenda_publish(meeting=coming_meeting, actor=coordinator)
    body = client.get(coming_meeting.get_absolute_url()).content.decode()
    assert "Vindbruksplan för länet" in body


def test_open_action_items_carry_over_to_the_next_meeting_until_done(held_meeting, coming_meeting, coordinator):
    action = services.action_item_add(
        meeting=held_meeting, title="Sammanställ vindbruksplanerna", actor=coordinator, due=timezone.localdate()
    )
    follow_up = coming_meeting.agenda_items.get(action_item=action)
    assert follow_up.kind == "follow_up" and follow_up.status == "accepted"
    assert follow_up.title == "Uppföljning: Sammanställ vindbruksplanerna"
    services.carry_over_action_items(coming_meeting.network)  # idempotent
    assert coming_meeting.agenda_items.filter(action_item=action).count() == 1
    # after the coming meeting, an open item goes on to the one after; a done one does not
    later = services.meeting_schedule(
        network=coming_meeting.network,
        data={
            "title": "Senare",
            "starts_at": coming_meeting.starts_at + timedelta(days=60),
            "ends_at": coming_meeting.ends_at + timedelta(days=60),
        },
        actor=coordinator,
    )[0]
    assert not later.agenda_items.filter(action_item=action).exists()  # the next meeting has it
    services.meeting_cancel(meeting=coming_meeting, reason="", actor=coordinator)
    assert later.agenda_items.filter(action_item=action).exists()
    services.action_item_done(action_item=action, actor=coordinator)
    action.refresh_from_db()
    assert action.is_done
