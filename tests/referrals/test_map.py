"""The referral map page (filters, the list of cases beside the map, query count), the
municipality page's referral section, the /karta/ layer and agenda items linking cases."""

import datetime
import json

import pytest
from django.urls import reverse

from networks.registry import link_providers
from planportal.registry import map_layers_for
from referrals.models import PlanType

from .factories import MunicipalityFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")


@pytest.fixture
def cases(kumla):
    return {
        "open": ReferralFactory(sender=kumla, plan_name="Detaljplan Ekängen", received=datetime.date(2026, 3, 1)),
        "op": ReferralFactory(sender=kumla, answered=True, plan_type=PlanType.OP, plan_name="Översiktsplan Kumla"),
        "other": ReferralFactory(plan_name="Detaljplan i annan kommun", no_area=True),
    }


def _layers(response):
    return json.loads(response.context["map_layers_json"])


def test_map_page_lists_the_filtered_cases_and_loads_the_same_filter(client, cases):
    response = client.get(reverse("referrals:map"), {"municipality": "kumla", "status": "open", "page": "1"})
    assert response.status_code == 200
    assert [r.pk for r in response.context["referrals"]] == [cases["open"].pk]
    html = response.content.decode()
    assert "1 remiss matchar filtret" in html
    assert cases["open"].get_public_url() in html
    layer = _layers(response)[0]
    assert layer["url"].startswith("/api/v1/referrals/areas/?")
    assert "municipality=kumla" in layer["url"] and "status=open" in layer["url"] and "page" not in layer["url"]
    # The layer's own URL answers the same cases.
    features = json.loads(client.get(layer["url"]).content)["features"]
    assert [f["id"] for f in features] == [cases["open"].pk]
    assert 'id="referral-map"' in html and "map_list.js" in html


def test_map_list_says_which_cases_have_no_area(client, cases):
    html = client.get(reverse("referrals:map")).content.decode()
    assert "3 remisser matchar filtret" in html
    assert html.count("saknar planområde") == 1


def test_map_page_bad_filter_is_named_and_left_out_of_the_layer(client, cases):
    response = client.get(reverse("referrals:map"), {"year": "x", "plan_type": "op"})
    assert response.status_code == 200
    assert "Året (year) ska vara ett årtal" in response.content.decode()
    layer_url = _layers(response)[0]["url"]
    assert "year" not in layer_url and "plan_type=op" in layer_url
    assert client.get(layer_url).status_code == 200


def test_map_page_query_count_is_constant(client, count_queries, kumla):
    ReferralFactory(sender=kumla)
    one, _ = count_queries(lambda: client.get(reverse("referrals:map")))
    for _i in range(24):
        ReferralFactory()
    many, response = count_queries(lambda: client.get(reverse("referrals:map")))
    assert len(response.context["referrals"]) == 25
    assert one == many


def test_municipality_page_shows_its_open_and_recent_cases(client, cases, kumla):
    response = client.get(kumla.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Remisser till Regionen" in html
    assert "1 pågående remiss" in html
    assert f"{cases['open'].diary_number} Detaljplan Ekängen" in html
    assert "Senast avslutade" in html and "Översiktsplan Kumla" in html
    assert "Detaljplan i annan kommun" not in html
    assert "/diarium/?municipality=kumla" in html


def test_municipality_without_cases_has_no_section(client, cases):
    quiet = MunicipalityFactory(name="Laxå kommun", slug="laxa")
    assert "Remisser till Regionen" not in client.get(quiet.get_absolute_url()).content.decode()


def test_portal_map_has_a_referral_layer_with_its_list(client, rf, cases):
    request = rf.get("/karta/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    layer = next(layer for layer in map_layers_for(request) if layer["key"] == "referrals-open")
    assert layer["kind"] == "mvt" and layer["tiles"] == "/api/v1/referrals/tiles/{z}/{x}/{y}.pbf?status=open"
    assert layer["list_url"] == "/remisser/karta/?status=open"
    # What the tiles show, as text: the in-view list of the same filter.
    listed = client.get(layer["list_api"]).json()["results"]
    assert [item["id"] for item in listed] == [cases["open"].pk]
    html = client.get("/karta/").content.decode()
    assert "Pågående remisser" in html and "/remisser/karta/?status=open" in html


def test_agenda_item_links_the_cases_it_discusses(cases, coordinator):
    from tests.networks.factories import AgendaItemFactory

    provider = next(p for p in link_providers() if p.field_name == "referrals")
    assert str(provider.label) == "Remisser" and provider.order == 30
    choices = provider.queryset(coordinator)
    assert set(choices) == set(cases.values())
    item = AgendaItemFactory()
    provider.save(item, [cases["open"], cases["op"]], coordinator)
    linked = provider.linked(item)
    assert {link.pk for link in linked} == {cases["open"].pk, cases["op"].pk}
    # Shown on the meeting page with the register's address, which everyone may open.
    assert {link.get_absolute_url() for link in linked} == {
        cases["open"].get_public_url(),
        cases["op"].get_public_url(),
    }
    assert str(next(link for link in linked if link.pk == cases["op"].pk)) == str(cases["op"])
    assert set(cases["open"].agenda_items.all()) == {item}


def test_municipality_page_query_count_is_constant_in_its_cases(client, count_queries, kumla):
    ReferralFactory(sender=kumla)
    ReferralFactory(sender=kumla, answered=True)
    one, _ = count_queries(lambda: client.get(kumla.get_absolute_url()))
    for i in range(24):
        ReferralFactory(sender=kumla, answered=bool(i % 2))
    many, response = count_queries(lambda: client.get(kumla.get_absolute_url()))
    assert "13 pågående remisser" in response.content.decode()
    assert one == many


def test_meeting_page_shows_the_cases_an_item_discusses(client, cases):
    from django.utils import timezone

    from tests.networks.factories import AgendaItemFactory, MeetingFactory

    item = AgendaItemFactory(title="Remisser i Kumla", meeting=MeetingFactory(agenda_published_at=timezone.now()))
    item.referrals.set([cases["open"]])
    html = client.get(item.meeting.get_absolute_url()).content.decode()  # the public: a published agenda
    assert "Remisser i Kumla" in html
    assert cases["open"].get_public_url() in html
    assert f"{cases['open'].diary_number} Detaljplan Ekängen" in html
