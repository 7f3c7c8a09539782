"""Search input that reaches SQL: tsquery operators, quotes, backslashes and prefix marks next to
real words, through the API and the search page. The words go into the statements as bound
parameters (shown by the captured SQL); the punctuation is no operator: the answer is a 200
with the same documents as the plain words, the table is still there. NUL is a clear 400."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import Document
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(orebro):
    ThemeFactory(slug="energi")
    DocumentFactory(title="Vindkraftsplan", summary="Vindkraft och elnät i länet.", municipalities=[orebro])
    DocumentFactory(title="Elnätsanalys", summary="Elnät och solkraft.")
    DocumentFactory(title="Bostadsförsörjning", summary="Bostäder i Örebro.")


def api_titles(client, q, **filters):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/documents/", {"q": q, **filters})
    assert response.status_code == 200, (q, response.content[:300])
    return sorted(r["title"] for r in response.json()["results"]), " ".join(c["sql"] for c in ctx.captured_queries)


# input → the plain words whose results it must equal
HOSTILE = [
    ("vindkraft'", "vindkraft"),
    ("'vindkraft'", "vindkraft"),
    ("vindkraft:*", "vindkraft"),
    ("vindkraft:A", "vindkraft a"),
    ("vindkraft:*A & !elnät", "vindkraft a elnät"),
    ("!vindkraft", "vindkraft"),  # not a negation: the word is looked for
    ("vindkraft & | elnät", "vindkraft elnät"),
    ("vindkraft <-> elnät", "vindkraft elnät"),
    ("(vindkraft | elnät", "vindkraft elnät"),
    ("vind\\kraft", "vind kraft"),
    ("vindkraft\\'", "vindkraft"),
    ("elnät'; DROP TABLE knowledge_document; --", "elnät drop table knowledge_document"),
    ("elnät' OR '1'='1", "elnät or"),  # one-digit tokens are dropped
    ('"elnät" || "solkraft"', "elnät solkraft"),
    ("$$elnät$$", "elnät"),
    ("e%lnät", "e lnät"),
    ("%%elnät%s", "elnät s"),
]


@pytest.mark.parametrize("q, plain", HOSTILE)
def test_operators_and_quotes_reach_sql_as_words(client, corpus, q, plain):
    titles, sql = api_titles(client, q)
    assert titles == api_titles(client, plain)[0]
    # The words reached the statement, quoted as tsquery literals.
    for word in plain.split():
        assert f"'{word}'" in sql.lower() or f"''{word}'':*" in sql.lower(), (word, sql[:500])
    assert Document.objects.count() == 3


def test_the_results_are_right(client, corpus):
    assert api_titles(client, "vindkraft:*")[0] == ["Vindkraftsplan"]
    assert api_titles(client, "!elnät")[0] == ["Elnätsanalys", "Vindkraftsplan"]
    assert api_titles(client, "vindkraft & | elnät")[0] == ["Vindkraftsplan"]
    assert api_titles(client, "elnät'; DROP TABLE knowledge_document; --")[0] == []


@pytest.mark.parametrize("q", ["'", "&|!:*()", "\\", "''", ":*", "<->", "  "])
def test_punctuation_alone_lists_everything_as_without_q(client, corpus, q):
    assert api_titles(client, q)[0] == api_titles(client, "")[0]


def test_a_word_too_long_for_a_tsquery_is_a_sane_answer(client, corpus):
    assert api_titles(client, "a" * 3000)[0] == []
    assert api_titles(client, "elnät " + "b" * 3000)[0] == []


@pytest.mark.parametrize(
    "filters",
    [
        {"theme": "energi' OR '1'='1"},
        {"publisher": "x\\' --"},
        {"municipality": "1880' OR 1=1 --"},
        {"status": "current' --"},
    ],
)
def test_quoted_filters_reach_sql_as_values(client, corpus, filters):
    titles, sql = api_titles(client, "elnät", **filters)
    assert titles == []
    (value,) = filters.values()
    assert connection.ops.compose_sql("%s", [value]) in sql  # bound and quoted, not spliced


@pytest.mark.parametrize(
    "filters, field",
    [({"year": "2024 OR 1=1"}, "year"), ({"sort": "title; DROP TABLE x"}, "sort"), ({"kind": "report'"}, "kind")],
)
def test_bad_filters_are_a_400_naming_the_field(client, corpus, filters, field):
    response = client.get("/api/v1/documents/", {"q": "elnät", **filters})
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("q", [q for q, _ in HOSTILE] + ["a" * 3000])
def test_the_search_page_answers_too(client, corpus, q):
    response = client.get("/dokument/sok/", {"q": q})
    assert response.status_code == 200


def test_nul_is_a_clear_400(client, corpus):
    for url in ("/api/v1/documents/", "/dokument/sok/"):
        response = client.get(url, {"q": "vind\x00kraft"})
        assert response.status_code == 400 and "NUL" in response.content.decode()
