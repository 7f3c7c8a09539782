"""What the public reads about a municipality: the list of municipalities shows their web
addresses (public facts, in the demo data too), and a municipality's networks say how many
people it has there, in which role, instead of repeating the role once per hidden name."""

import io
import re

import pytest
from django.core.management import call_command

from networks.models import Membership, Organisation
from planportal.roles import sync_role_permissions
from tests.factories import PersonFactory

from .factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_the_municipality_list_shows_the_twelve_websites(client):
    sync_role_permissions()  # a transactional test run before may have flushed the roles
    call_command("load_demo", stdout=io.StringIO())
    body = client.get("/kommuner/").content.decode()
    links = re.findall(r'<td><a href="(https://www\.[^"]+)">\1</a></td>', body)
    assert len(links) == 12, links
    assert "https://www.orebro.se/" in links


def test_roles_are_counted_for_the_public_and_named_for_the_signed_in(client, planner, municipality):
    network = NetworkFactory(name="Nätverket för test")
    for name in ("Anna", "Bengt", "Cecilia"):
        MembershipFactory(
            network=network,
            organisation=municipality,
            person=PersonFactory(organisation=municipality, name=name),
            role="member",
        )
    MembershipFactory(network=network, organisation=municipality, role="chair")
    assert Membership.objects.filter(network=network).count() == 4
    url = Organisation.objects.get(pk=municipality.pk).get_absolute_url()

    public = client.get(url).content.decode()
    assert "Ledamot, Ledamot" not in public and "Anna" not in public
    assert "Ledamot: 3 personer från Exempelkommun" in public
    assert "Ordförande: 1 person från Exempelkommun" in public

    client.force_login(planner)
    signed_in = client.get(url).content.decode()
    assert "Ledamot (Anna)" in signed_in and "Ledamot (Cecilia)" in signed_in
