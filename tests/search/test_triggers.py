"""The search's own text follows its object: written on insert, changed with the object (also by
a bulk update, which sends no signal), gone with it."""

import pytest

from networks.models import Network
from search.models import NetworkText
from search.selectors import global_search
from tests.networks.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def network_titles(q):
    result = global_search(user=None, q=q, kind="networks")
    return [row["title"] for row in result["groups"][0]["results"]]


def test_the_text_follows_inserts_updates_and_deletes():
    network = NetworkFactory(name="Älvsamverkan", short_name="")
    assert network_titles("älvsamverkan") == ["Älvsamverkan"]
    Network.objects.filter(pk=network.pk).update(name="Bergslagsrådet")
    assert network_titles("älvsamverkan") == [] and network_titles("bergslagsrådet") == ["Bergslagsrådet"]
    network.delete()
    assert not NetworkText.objects.filter(pk=network.pk).exists()


def test_a_change_elsewhere_does_not_rewrite_the_text():
    network = NetworkFactory(name="Älvsamverkan", short_name="")
    before = NetworkText.objects.get(pk=network.pk)
    Network.objects.filter(pk=network.pk).update(website="https://example.se/")
    assert NetworkText.objects.get(pk=network.pk).vector == before.vector
