"""A small FOL: the Region convenes (the `coordinator` fixture coordinates it), the
`planner`'s municipality and a second municipality are members with one contact person
each; one coming meeting with an open agenda, one held meeting."""

import pytest

from networks import registry, services
from networks.models import Organisation
from networks.services.meetings import create_invitations
from planportal import roles
from tests.conftest import _user_with_role
from tests.factories import OrganisationFactory, PersonFactory

from .factories import MeetingFactory, MembershipFactory, NetworkFactory, in_days


@pytest.fixture
def other_municipality(db):
    return OrganisationFactory(municipality=True, name="Grannkommun", slug="grannkommun", code="1998")


@pytest.fixture
def fol(db, region, coordinator, planner, municipality, other_municipality):
    network = NetworkFactory(fol=True, convenor=region, coordinators=[coordinator])
    MembershipFactory(network=network, organisation=region, person=coordinator.person, role="chair")
    MembershipFactory(network=network, organisation=municipality, person=planner.person)
    MembershipFactory(network=network, organisation=other_municipality)
    return network


@pytest.fixture
def outside_planner(db):
    """A planner of a municipality that is not a member of FOL."""
    org = OrganisationFactory(municipality=True, name="Utanförkommun", slug="utanfor", code="1997")
    return _user_with_role(roles.PLANNER, org, username="outside-planner")


@pytest.fixture
def other_coordinator(db, region):
    """A coordinator, but not of FOL."""
    return _user_with_role(roles.COORDINATOR, region, username="other-coordinator")


@pytest.fixture
def coming_meeting(fol, coordinator):
    meeting, _warnings = services.meeting_schedule(
        network=fol,
        data={
            "title": "FOL-möte om vindkraft",
            "starts_at": in_days(21),
            "ends_at": in_days(21, hour=12),
            "location_name": "Regionens hus",
            "address": "Eklundavägen 1, Örebro",
            "status": "agenda_open",
        },
        actor=coordinator,
    )
    return meeting


@pytest.fixture
def held_meeting(fol):
    meeting = MeetingFactory(network=fol, past=True, title="FOL-möte om strandskydd")
    create_invitations(meeting)
    return meeting


@pytest.fixture
def substitute_colleague(planner):
    return PersonFactory(organisation=planner.person.organisation, name="Ersättare Exempel")


@pytest.fixture
def proposal(coming_meeting, planner):
    """The planner's proposal on the coming meeting's open agenda."""
    return services.agenda_item_propose(
        meeting=coming_meeting,
        data={"title": "Vindkraft", "description": "Erfarenheter", "kind": "discussion"},
        actor=planner,
    )


@pytest.fixture
def test_links():
    """A higher app's link provider (a stand-in that links organisations named Länkad …)."""
    linked = {}
    registry.register_agenda_item_link_provider(
        field_name="test_links",
        label="Testlänkar",
        queryset=lambda user: Organisation.objects.filter(slug__startswith="lankad"),
        save=lambda item, objects, actor: linked.__setitem__(item.pk, list(objects)),
        current=lambda item: linked.get(item.pk, []),
        prefetch="",
    )
    yield linked
    registry.unregister_agenda_item_link_provider("test_links")
