"""/sok/: the page, its kinds and pages, errors, English, and the header's search box."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import selectors
from tests.knowledge.factories import DocumentFactory
from tests.networks.factories import MeetingFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory
from tests.rus.factories import GoalFactory, IndicatorFactory


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_the_header_search_box_goes_to_the_global_search(client):
    page = body(client.get("/"))
    assert 'action="/sok/"' in page and "Sök i Planportalen" in page


@pytest.mark.django_db
def test_the_empty_page_shows_the_form_and_no_error(client):
    page = body(client.get("/sok/"))
    assert 'id="gs-q"' in page and "error-summary" not in page and "gs-kinds" not in page


@pytest.mark.django_db
def test_results_are_grouped_by_kind_with_counts_and_links_to_each_kind(client, world):
    page = body(client.get("/sok/?q=vattenplan"))
    for label in ("Dokument", "Nätverk", "Möten", "Dagordningspunkter", "Remisser", "RUS-mål", "Indikatorer"):
        assert 'id="gs-' in page and f'{label} <span class="count">(1)</span>' in page, label
    assert "/sok/?q=vattenplan&amp;kind=meetings" in page
    assert "DOLD" not in page
    assert f'href="{world["item"].meeting.get_absolute_url()}#item-{world["item"].pk}"' in page


@pytest.mark.django_db
def test_a_snippet_is_escaped_with_only_the_highlights_as_markup(client, world):
    page = body(client.get("/sok/?q=vattenplan&kind=documents"))
    assert "&lt;img src=x onerror=alert" in page and "<img src=x" not in page
    assert "<mark>vattenplan</mark>" in page.lower()


@pytest.mark.django_db
def test_one_kind_is_paginated(client):
    for n in range(23):
        NetworkFactory(name=f"Skogsbruksnätverk {n:02d}", purpose="Skogsbruk i länet.")
    first = body(client.get("/sok/?q=skogsbruk&kind=networks"))
    assert first.count("<li>\n      <h3>") == 20 and "?q=skogsbruk&amp;kind=networks&amp;page=2" in first
    second = body(client.get("/sok/?q=skogsbruk&kind=networks&page=2"))
    assert second.count("<li>\n      <h3>") == 3 and 'start="21"' in second
    assert "Föregående" in second and 'kind=networks&amp;page=2">Nästa' not in second


@pytest.mark.django_db
def test_bad_input_is_named_on_the_page(client):
    page = body(client.get("/sok/?q=plan&kind=hemligt"))
    assert "error-summary" in page and "Okänd typ hemligt (kind)" in page
    page = body(client.get("/sok/?q=&kind=networks"))
    assert "Skriv ett eller flera sökord (q)." in page
    page = body(client.get("/sok/?q=plan&page=x"))
    assert "page ska vara ett heltal" in page


@pytest.mark.django_db
def test_a_capped_count_says_more_than(client, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for n in range(4):
        DocumentFactory(title=f"Skogsbruksplan {n}")
    page = body(client.get("/sok/?q=skogsbruksplan"))
    assert 'Dokument <span class="count">(fler än 2)</span>' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = body(client.get("/sok/?q=skogsbruksplan"))
    assert 'Documents <span class="count">(more than 2)</span>' in page


@pytest.mark.django_db
def test_the_page_in_english(client, world):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = body(client.get("/sok/?q=vattenplan"))
    assert "Search Planportalen" in page and "Documents" in page and "Agenda items" in page
    assert "Indicators" in page and "Referrals" in page
    page = body(client.get("/sok/?q=plan&kind=hemligt"))
    assert "Unknown kind hemligt (kind)" in page


def _world(start, n):
    for i in range(start, start + n):
        DocumentFactory(title=f"Skogsbruk rapport {i}", summary="Om skogsbruk.")
        network = NetworkFactory(name=f"Skogsbruk nätverk {i}", purpose="Skogsbruk.")
        MeetingFactory(network=network, title=f"Skogsbruk möte {i}", description="Skogsbruk.")
        goal = GoalFactory(name=f"Skogsbruk mål {i}")
        IndicatorFactory(goal=goal, name=f"Skogsbruk indikator {i}")
        ReferralFactory(plan_name=f"Skogsbruk plan {i}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_page_and_the_api_take_as_many_queries_for_30_rows_as_for_5(client, planner):
    client.force_login(planner)
    urls = ["/sok/?q=skogsbruk", "/sok/?q=skogsbruk&kind=meetings", "/api/v1/search/?q=skogsbruk"]
    urls.append("/api/v1/search/?q=skogsbruk&kind=documents")
    _world(0, 5)
    few = [_queries(client, url) for url in urls]
    _world(5, 25)
    many = [_queries(client, url) for url in urls]
    assert few == many
    # Per kind: a count (and a second one with the typo fallbacks when the first finds little)
    # and one page; the library's: whether to use the fallbacks, the page's ids with the count,
    # the rows, their themes and municipalities; plus the signed-in user's session, user, roles,
    # person and organisation.
    assert max(many) <= 2 * (len(selectors.KINDS) - 1) + 5 + 5


@pytest.mark.django_db
def test_past_the_cap_the_page_says_relevance_is_ranked_among_the_newest(client, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for n in range(4):
        DocumentFactory(title=f"Skogsbruksplan {n}")
    page = body(client.get("/sok/?q=skogsbruksplan&kind=documents"))
    assert "Många träffar: de 2 senast tillagda är ordnade efter relevans." in page
    assert page.count("<li>\n      <h3>") == 2 and "page=2" not in page
