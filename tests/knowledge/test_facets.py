"""Facet counts on the search page (knowledge.selectors.document_facets): per theme, year,
kind, municipality and publisher, how many visible documents each option's link lists (the
search with every filter but the facet's own), and the results' total; equal to counting
each one separately through the ORM, for every audience and with filters."""

import pytest
from django.db.models import Count

from knowledge import selectors
from knowledge.models import Document
from tests.factories import OrganisationFactory
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(orebro, kumla):
    housing, energy = ThemeFactory(name="Bostäder", slug="bostader"), ThemeFactory(name="Energi", slug="energi")
    board = OrganisationFactory(county_board=True)
    DocumentFactory(
        title="Bostadsanalys", summary="Vindkraft.", year=2025, themes=[housing, energy], municipalities=[orebro, kumla]
    )
    DocumentFactory(
        title="Vindkraftsplan",
        summary="Vindkraft.",
        year=2023,
        kind="plan",
        themes=[energy],
        municipalities=[kumla],
        publisher=board,
    )
    DocumentFactory(title="Vindkraft intern", summary="Vindkraft.", year=2023, internal=True, themes=[energy])
    DocumentFactory(title="Vindkraft gammal", summary="Vindkraft.", year=2001, withdrawn=True, themes=[housing])
    DocumentFactory(title="Solkraft", summary="Solceller.", year=2024, themes=[energy], municipalities=[orebro])


FIELDS = {
    "theme": ("themes__slug", "themes__name"),
    "year": ("year",),
    "kind": ("kind",),
    "municipality": ("municipalities__code", "municipalities__name"),
    "publisher": ("publisher__slug", "publisher__name"),
}


def expected(user, filters):
    """Each facet counted over the search without its own filter (its links replace it), per
    value the number of documents: what following the option's link would list."""
    want = {"total": selectors.document_search(user=user, filters=filters).count()}
    for key, fields in FIELDS.items():
        hits = selectors.document_search(user=user, filters={**filters, key: ""}).values("pk")
        rows = Document.objects.filter(pk__in=hits).values(*fields).annotate(n=Count("pk", distinct=True))
        want[key] = {str(r[fields[0]]): r["n"] for r in rows if r[fields[0]] is not None}
    return want


@pytest.mark.parametrize("role", [None, "planner", "editor"])
@pytest.mark.parametrize(
    "filters",
    [
        {"q": "vindkraft"},
        {},
        {"q": "vindkraft", "theme": "energi"},
        {"municipality": "1881"},
        {"q": "finnsinte"},
        {"q": "vindkraft", "theme": "energi", "year": "2023", "kind": "plan"},
    ],
)
def test_facets_equal_separate_counts(corpus, role, filters, request):
    user = request.getfixturevalue(role) if role else None
    facets = selectors.document_facets(user=user, filters=filters)
    want = expected(user, filters)
    assert facets["total"] == want["total"]
    for key in ("theme", "year", "kind", "municipality", "publisher"):
        assert {o["value"]: o["count"] for o in facets[key]} == want[key], key


def test_facet_order_and_labels(corpus, editor):
    facets = selectors.document_facets(user=editor, filters={"q": "vindkraft"})
    assert [o["value"] for o in facets["year"]] == ["2025", "2023", "2001"]
    assert facets["theme"][0] == {"value": "energi", "label": "Energi", "count": 3, "at_least": False}
    assert {o["value"]: o["label"] for o in facets["kind"]} == {"report": "Rapport", "plan": "Plan"}
    assert [o["label"] for o in facets["municipality"]] == ["Kumla kommun", "Örebro kommun"]


def test_search_page_shows_the_counts(client, corpus):
    body = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    assert "Energi" in body and "Bostäder" in body


def test_an_options_count_is_what_its_link_lists(client, corpus, editor):
    """With a theme chosen, the other themes still show, each with the number of documents
    its link (which replaces the theme) lists."""
    client.force_login(editor)
    filters = {"q": "vindkraft", "theme": "energi"}
    facets = selectors.document_facets(user=editor, filters=filters)
    assert {o["value"] for o in facets["theme"]} == {"energi", "bostader"}
    for option in facets["theme"]:
        listed = client.get("/api/v1/documents/", {**filters, "theme": option["value"]}).json()["count"]
        assert listed == option["count"], option
    assert facets["total"] == client.get("/api/v1/documents/", filters).json()["count"]
