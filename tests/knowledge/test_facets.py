"""Facet counts on the search page (knowledge.selectors.document_facets): per theme, year,
kind, municipality and publisher, how many of the visible results have each value, and
their total; equal to counting each one separately through the ORM, for every audience and
with filters."""

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


def expected(qs):
    # Counted over the hits' ids, so a filter's own join (theme=…) does not narrow what the
    # hits' other themes and municipalities are: "of these results, how many have X".
    base = Document.objects.filter(pk__in=qs.values("pk"))

    def count(field, label_field=None):
        rows = base.values(field, *([label_field] if label_field else [])).annotate(n=Count("pk", distinct=True))
        return {str(r[field]): r["n"] for r in rows if r[field] is not None}

    return {
        "theme": count("themes__slug", "themes__name"),
        "year": count("year"),
        "kind": count("kind"),
        "municipality": count("municipalities__code", "municipalities__name"),
        "publisher": count("publisher__slug", "publisher__name"),
        "total": base.count(),
    }


@pytest.mark.parametrize("role", [None, "planner", "editor"])
@pytest.mark.parametrize(
    "filters",
    [{"q": "vindkraft"}, {}, {"q": "vindkraft", "theme": "energi"}, {"municipality": "1881"}, {"q": "finnsinte"}],
)
def test_facets_equal_separate_counts(corpus, role, filters, request):
    user = request.getfixturevalue(role) if role else None
    qs = selectors.document_search(user=user, filters=filters)
    facets = selectors.document_facets(qs)
    want = expected(qs)
    assert facets["total"] == want["total"]
    for key in ("theme", "year", "kind", "municipality", "publisher"):
        assert {o["value"]: o["count"] for o in facets[key]} == want[key], key


def test_facet_order_and_labels(corpus, editor):
    facets = selectors.document_facets(selectors.document_search(user=editor, filters={"q": "vindkraft"}))
    assert [o["value"] for o in facets["year"]] == ["2025", "2023", "2001"]
    assert facets["theme"][0] == {"value": "energi", "label": "Energi", "count": 3}
    assert {o["value"]: o["label"] for o in facets["kind"]} == {"report": "Rapport", "plan": "Plan"}
    assert [o["label"] for o in facets["municipality"]] == ["Kumla kommun", "Örebro kommun"]


def test_search_page_shows_the_counts(client, corpus):
    body = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    assert "Energi" in body and "Bostäder" in body
