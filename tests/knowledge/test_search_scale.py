"""The library's search past its cap (knowledge.selectors.scaled): counts that stop and say so on
the page and in the API, facets counted among the newest hits and marked "minst", typo
fallbacks only when the exact match finds little, the Swedish test set through the path the
page and the API run, and a constant number of queries either side of the cap."""

import pytest

from knowledge import selectors
from knowledge.selectors import scaled
from tests.knowledge.factories import DocumentFactory, ThemeFactory
from tests.knowledge.test_search_quality import TEST_SET, corpus  # noqa: F401 (the fixture)

CAP = 5


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(scaled, "SEARCH_CAP", CAP)
    return CAP


@pytest.fixture
def wind(db):
    """Seven public documents about wind power, the newest last (ids grow), in two themes."""
    energy, nature = ThemeFactory(name="Energi", slug="energi"), ThemeFactory(name="Natur", slug="natur")
    return [
        DocumentFactory(
            title=f"Vindkraft i länet del {i}",
            slug=f"vind-{i}",
            year=2020 + i,
            themes=[energy if i % 2 == 0 else nature],
        )
        for i in range(7)
    ]


def test_the_api_says_when_the_count_stopped(client, wind, small_cap):
    data = client.get("/api/v1/documents/", {"q": "vindkraft"}).json()
    assert data["count"] == CAP and data["count_capped"] is True
    # Ranked among the newest CAP hits: the two oldest are not on the page.
    assert {r["slug"] for r in data["results"]} == {f"vind-{i}" for i in range(2, 7)}
    paged = client.get("/api/v1/documents/", {"q": "vindkraft", "page_size": 3, "page": 2}).json()
    assert len(paged["results"]) == 2 and paged["next"] is None and paged["count_capped"] is True
    assert client.get("/api/v1/documents/", {"q": "vindkraft", "page_size": 3, "page": 3}).status_code == 404
    # By year the first CAP of all hits in that order: the newest years, whatever was added when.
    by_year = client.get("/api/v1/documents/", {"q": "vindkraft", "sort": "year"}).json()
    assert [r["year"] for r in by_year["results"]] == [2026, 2025, 2024, 2023, 2022]


def test_the_api_count_is_exact_under_the_cap(client, wind):
    data = client.get("/api/v1/documents/", {"q": "vindkraft"}).json()
    assert data["count"] == 7 and data["count_capped"] is False and len(data["results"]) == 7


def test_the_page_says_more_than_and_how_it_ranks(client, wind, small_cap):
    html = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    assert "Fler än 5 dokument" in html
    assert 'id="results-capped"' in html and "efter relevans ordnas de 5 senast tillagda" in html
    assert "minst 3" in html and "minst 2" in html  # Energi 3, Natur 2 among the newest five
    assert 'id="facets-capped"' in html
    assert "vind-0" not in html and "vind-6" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    assert "More than 5 documents" in english and "at least 3" in english


def test_the_page_under_the_cap_counts_exactly(client, wind):
    html = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    assert "7 dokument" in html and "Fler än" not in html
    assert "results-capped" not in html and "facets-capped" not in html and "minst" not in html


def test_facets_count_exactly_under_the_cap_and_among_the_newest_past_it(wind, editor):
    exact = selectors.document_facets(user=editor, filters={"q": "vindkraft"})
    assert {o["value"]: o["count"] for o in exact["theme"]} == {"energi": 4, "natur": 3}
    assert exact["total"] == 7 and not exact["total_capped"] and not any(exact["capped"].values())
    assert not any(o["at_least"] for o in exact["theme"])

    capped = selectors.document_facets(user=editor, filters={"q": "vindkraft"}, cap=CAP)
    # The newest five are parts 2..6: energi 2, 4, 6 and natur 3, 5.
    assert {o["value"]: o["count"] for o in capped["theme"]} == {"energi": 3, "natur": 2}
    assert [o["value"] for o in capped["year"]] == ["2026", "2025", "2024", "2023", "2022"]
    assert capped["total"] == CAP and capped["total_capped"] and all(o["at_least"] for o in capped["theme"])
    # Each lower bound is at most the true count.
    for option in capped["theme"]:
        assert option["count"] <= {"energi": 4, "natur": 3}[option["value"]]

    # A chosen theme: its own facet is counted without it (7 hits, capped), the others with it (4).
    chosen = selectors.document_facets(user=editor, filters={"q": "vindkraft", "theme": "energi"}, cap=CAP)
    assert chosen["capped"]["theme"] and not chosen["capped"]["year"] and chosen["total"] == 4
    assert sorted(o["value"] for o in chosen["year"]) == ["2020", "2022", "2024", "2026"]


@pytest.fixture
def misspelt(db):
    """Two documents the word finds exactly and one whose title has it misspelt."""
    exact = [DocumentFactory(title=f"Vindkraft och elnät {i}", slug=f"exakt-{i}") for i in range(2)]
    typo = DocumentFactory(title="Vinkraft vid Nora", slug="stavfel", summary="Om elnätet.")
    return exact, typo


def _slugs(user, q):
    hits = scaled.search_hits(user=user, filters={"q": q}, offset=0, limit=20)
    return [d.slug for d in scaled.page_documents(user=user, hits=hits, q=q)], hits


def test_typo_fallback_only_when_the_exact_match_finds_little(misspelt, monkeypatch):
    monkeypatch.setattr(scaled, "FEW_EXACT_HITS", 2)
    found, hits = _slugs(None, "vindkraft")
    assert not hits.fallback and set(found) == {"exakt-0", "exakt-1"}
    monkeypatch.setattr(scaled, "FEW_EXACT_HITS", 3)
    found, hits = _slugs(None, "vindkraft")
    assert hits.fallback and set(found) == {"exakt-0", "exakt-1", "stavfel"}
    # A word nothing has exactly: the fallbacks find the misspelt title.
    found, hits = _slugs(None, "vinkraftt")
    assert hits.fallback and "stavfel" in found


def test_the_fallback_decision_counts_only_what_the_user_may_see(misspelt, editor, monkeypatch):
    monkeypatch.setattr(scaled, "FEW_EXACT_HITS", 3)
    for i in range(2):
        DocumentFactory(title=f"Vindkraft internt {i}", slug=f"internt-{i}", internal=True)
    # The public sees two exact hits (< 3): fallbacks; the editor four: none.
    assert scaled.uses_fallback(user=None, q="vindkraft") is True
    assert scaled.uses_fallback(user=editor, q="vindkraft") is False
    public, _ = _slugs(None, "vindkraft")
    assert "stavfel" in public and not any(s.startswith("internt") for s in public)
    assert "stavfel" not in _slugs(editor, "vindkraft")[0]


def test_the_swedish_test_set_through_the_page_and_api_path(corpus):  # noqa: F811
    """The 45 queries of test_search_quality, each through search_hits (the page's and the API's
    path, exact match first), its first ten results: every expected document found."""
    misses = []
    for query, expected in TEST_SET.items():
        found, _ = _slugs(None, query)
        if not set(expected) <= set(found[:10]):
            misses.append((query, expected, found[:10]))
    assert not misses
    assert len(TEST_SET) == 45


def _queries(client, count_queries, url):
    n, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    return n


def test_query_counts_are_the_same_either_side_of_the_cap(client, count_queries, wind, monkeypatch):
    page, api = "/dokument/sok/?q=vindkraft", "/api/v1/documents/?q=vindkraft"
    under = (_queries(client, count_queries, page), _queries(client, count_queries, api))
    monkeypatch.setattr(scaled, "SEARCH_CAP", CAP)
    past = (_queries(client, count_queries, page), _queries(client, count_queries, api))
    for i in range(10):
        DocumentFactory(title=f"Vindkraft fler {i}", slug=f"fler-{i}")
    assert under == past == (_queries(client, count_queries, page), _queries(client, count_queries, api))
