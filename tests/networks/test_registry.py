"""1. The registry: networks with kind, mandate, convenor, rhythm, focus areas, status,
visibility and their lines to other networks. 2. Memberships and declared composition."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from networks import services
from networks.models import CompositionRule, Membership, Network, NetworkLine
from tests.factories import OrganisationFactory, PersonFactory

from .factories import FocusAreaFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_registers_a_network_with_all_its_facts(coordinator, region):
    area = FocusAreaFactory(name="Energi och klimat", slug="energi-och-klimat")
    network = services.network_create(
        data={
            "name": "Energi- och klimatnätverket",
            "short_name": "EKN",
            "kind": Network.Kind.NETWORK,
            "purpose": "Kommunernas energi- och klimatarbete.",
            "mandate": Network.Mandate.NONE,
            "mandate_note": "KC/RD kan ändra uppdraget.",
            "convenor": region,
            "meetings_per_year": 4,
            "rotating_host": True,
            "status": Network.Status.ACTIVE,
            "visibility": Network.Visibility.PUBLIC,
        },
        focus_areas=[area],
        actor=coordinator,
    )
    network.refresh_from_db()
    assert network.slug == "ekn"
    assert network.get_absolute_url() == "/natverk/ekn/"
    assert list(network.focus_areas.all()) == [area]
    assert list(network.coordinators.all()) == [coordinator]
    assert (network.meetings_per_year, network.rotating_host, network.convenor) == (4, True, region)


def test_a_planner_cannot_register_networks(planner):
    with pytest.raises(PermissionDenied):
        services.network_create(data={"name": "X", "kind": "forum"}, actor=planner)


def test_lines_between_networks_and_no_reporting_loops(coordinator):
    ekn = NetworkFactory(name="Energi- och klimatnätverket", coordinators=[coordinator])
    kcrd = NetworkFactory(name="KC/RD-gruppen", coordinators=[coordinator])
    council = NetworkFactory(name="Regionala samverkansrådet", coordinators=[coordinator])
    services.network_line_add(source=ekn, target=kcrd, kind=NetworkLine.Kind.REPORTS_TO, actor=coordinator)
    services.network_line_add(source=kcrd, target=council, kind=NetworkLine.Kind.PREPARES_FOR, actor=coordinator)
    services.network_line_add(source=kcrd, target=council, kind=NetworkLine.Kind.REPORTS_TO, actor=coordinator)
    assert [str(line) for line in ekn.lines_out.all()] == [f"{ekn} rapporterar till {kcrd}"]
    with pytest.raises(ValidationError) as err:
        services.network_line_add(source=council, target=ekn, kind=NetworkLine.Kind.REPORTS_TO, actor=coordinator)
    assert "cirkel" in str(err.value)
    with pytest.raises(ValidationError):
        services.network_line_add(source=ekn, target=ekn, kind=NetworkLine.Kind.REPORTS_TO, actor=coordinator)
    assert NetworkLine.objects.count() == 3


# --- 2. memberships and composition ---------------------------------------------------------


def test_membership_with_role_start_and_end(fol, coordinator, municipality):
    person = PersonFactory(organisation=municipality)
    m = services.membership_add(
        network=fol,
        organisation=municipality,
        person=person,
        role="substitute",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        actor=coordinator,
    )
    assert (m.role, m.start, m.end) == ("substitute", date(2025, 1, 1), date(2025, 12, 31))
    assert m not in Membership.objects.active(date(2026, 1, 1))
    assert m in Membership.objects.active(date(2025, 6, 1))


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"start": date(2026, 5, 1), "end": date(2026, 4, 1)}, "end", "Slutdatum kan inte vara före startdatum."),
        ({"foreign_person": True}, "person", "arbetar inte på"),
    ],
)
def test_bad_memberships_get_a_clear_message_and_nothing_is_saved(
    fol, coordinator, municipality, kwargs, field, message
):
    before = Membership.objects.count()
    person = PersonFactory(organisation=OrganisationFactory() if kwargs.pop("foreign_person", False) else municipality)
    with pytest.raises(ValidationError) as err:
        services.membership_add(
            network=fol, organisation=municipality, person=person, role="member", actor=coordinator, **kwargs
        )
    assert message in " ".join(err.value.message_dict[field])
    assert Membership.objects.count() == before


def test_a_second_contact_person_where_one_is_allowed_is_refused(fol, coordinator, municipality):
    CompositionRule.objects.create(network=fol, role="contact_person", min_count=1, max_count=1)
    with pytest.raises(ValidationError) as err:
        services.membership_add(
            network=fol,
            organisation=municipality,
            person=PersonFactory(organisation=municipality),
            role="contact_person",
            actor=coordinator,
        )
    assert "högst 1 kontaktperson" in err.value.message_dict["person"][0]
    assert "det finns redan 1" in err.value.message_dict["person"][0]
    assert Membership.objects.filter(network=fol, organisation=municipality).count() == 1
    # another role is not counted by the contact-person rule
    services.membership_add(
        network=fol,
        organisation=municipality,
        person=PersonFactory(organisation=municipality),
        role="substitute",
        actor=coordinator,
    )


def test_the_council_composition_and_where_todays_membership_breaks_it(coordinator, region):
    council = NetworkFactory(name="Regionala samverkansrådet", coordinators=[coordinator])
    orebro = OrganisationFactory(municipality=True, name="Örebro kommun", slug="orebro", code="1880")
    kumla = OrganisationFactory(municipality=True, name="Kumla kommun", slug="kumla", code="1881")
    laxa = OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860")
    CompositionRule.objects.create(network=council, organisation=region, min_count=8, max_count=8)
    CompositionRule.objects.create(network=council, organisation_kind="municipality", min_count=2, max_count=2)
    CompositionRule.objects.create(network=council, organisation=orebro, min_count=3, max_count=3)
    for _ in range(8):
        MembershipFactory(network=council, organisation=region, role="member")
    for _ in range(3):
        MembershipFactory(network=council, organisation=orebro, role="member")
    for _ in range(2):
        MembershipFactory(network=council, organisation=kumla, role="member")
    MembershipFactory(network=council, organisation=laxa, role="member")
    MembershipFactory(network=council, organisation=region, role="secretary")  # a function, not a seat
    report = services.composition_report(council)
    problems = {(row["organisation"].name, row["problem"]) for row in report}
    # Laxå has one of two; every other municipality in the registry (the conftest's) has none.
    assert ("Laxå kommun", "saknar 1") in problems
    assert not any(name in ("Örebro kommun", "Kumla kommun", "Region Örebro län") for name, _p in problems)
    # Örebro's own rule (3) overrides the municipal rule (2): a fourth seat is refused
    with pytest.raises(ValidationError):
        services.membership_add(
            network=council, organisation=orebro, person=PersonFactory(organisation=orebro), actor=coordinator
        )


def test_the_network_page_shows_the_break(client, fol, municipality, other_municipality):
    CompositionRule.objects.create(
        network=fol, role="contact_person", min_count=1, max_count=1, note="En kontaktperson per organisation"
    )
    Membership.objects.filter(network=fol, organisation=other_municipality).update(role="member")
    body = client.get("/natverk/fol/").content.decode()
    assert "följer inte den beslutade sammansättningen" in body
    assert "Grannkommun" in body and "saknar 1" in body
