"""The documents API: `q` searches as the page does, facets filter, bad input answers 400 in
Swedish, writes go through the services, and lists keep a fixed number of queries."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils.dateparse import parse_datetime

from knowledge.models import Document
from planportal.geo import SWEREF99TM
from tests.factories import OrganisationFactory
from tests.knowledge.factories import DocumentFactory, NewsItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(orebro, kumla, region):
    housing = ThemeFactory(name="Bostäder", slug="bostader")
    transport = ThemeFactory(name="Transporter och infrastruktur", slug="transporter")
    county_board = OrganisationFactory(county_board=True)
    kumla.seat = Point(460000, 6500000, srid=SWEREF99TM)  # south-west corner of the county
    kumla.save()
    near_orebro = MultiPolygon(Polygon.from_bbox((505000, 6560000, 525000, 6580000)), srid=SWEREF99TM)
    return {
        "bma": DocumentFactory(
            title="Bostadsmarknadsanalys Örebro län",
            summary="Behovet av bostäder.",
            year=2025,
            themes=[housing],
            municipalities=[orebro, kumla],
        ),
        "op": DocumentFactory(
            title="Översiktsplan för Kumla",
            summary="Markanvändning och bostadsbyggande.",
            year=2023,
            kind="plan",
            themes=[housing],
            municipalities=[kumla],
            publisher=county_board,
        ),
        "ltp": DocumentFactory(
            title="Länstransportplan",
            summary="Vägar och järnvägar.",
            year=2022,
            kind="plan",
            themes=[transport],
            coverage=near_orebro,
        ),
        "internal": DocumentFactory(title="Internt bostadsunderlag", summary="Bostäder, utkast.", internal=True),
    }


def titles(response):
    assert response.status_code == 200, response.content
    return [d["title"] for d in response.json()["results"]]


def test_q_finds_inflections_and_ranks(client, library):
    result = titles(client.get("/api/v1/documents/", {"q": "bostäder"}))
    assert result[0] == "Bostadsmarknadsanalys Örebro län"
    assert set(result) == {"Bostadsmarknadsanalys Örebro län", "Översiktsplan för Kumla"}
    assert "Internt bostadsunderlag" not in result  # internal stays internal in search


def test_q_same_as_search_page(client, library):
    api = titles(client.get("/api/v1/documents/", {"q": "orebro"}))
    page = client.get("/dokument/sok/", {"q": "orebro"}).content.decode()
    # The title ranks first; the others are published by organisations named "… Örebro län" (issue 12).
    assert api == ["Bostadsmarknadsanalys Örebro län", "Översiktsplan för Kumla", "Länstransportplan"]
    assert all(title in page for title in api)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"theme": "bostader"}, {"bma", "op"}),
        ({"year": "2022"}, {"ltp"}),
        ({"kind": "plan"}, {"op", "ltp"}),
        ({"municipality": "1881"}, {"bma", "op"}),
        ({"publisher": "lansstyrelsen-i-orebro-lan"}, {"op"}),
        ({"q": "plan", "kind": "plan"}, {"op", "ltp"}),
        ({"bbox": "15.0,59.1,15.4,59.4"}, {"ltp", "bma"}),  # coverage, or a covered municipality's seat
    ],
)
def test_facets_are_filters(client, library, params, expected):
    result = set(titles(client.get("/api/v1/documents/", params)))
    assert result == {library[k].title for k in expected}


def test_bbox_far_away_finds_nothing(client, library):
    assert titles(client.get("/api/v1/documents/", {"bbox": "20.0,67.0,21.0,68.0"})) == []


def test_sort_by_year_and_title(client, library):
    assert titles(client.get("/api/v1/documents/", {"sort": "year"}))[0] == "Bostadsmarknadsanalys Örebro län"
    assert titles(client.get("/api/v1/documents/", {"sort": "title"}))[0] == "Bostadsmarknadsanalys Örebro län"
    assert titles(client.get("/api/v1/documents/", {"sort": "title"}))[-1] == "Översiktsplan för Kumla"


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"bbox": "15,59"}, "bbox", "fyra tal"),
        ({"year": "nittonhundra"}, "year", "fyra siffror"),
        ({"sort": "random"}, "sort", "Sortera på"),
        ({"kind": "roman"}, "kind", "Okänd dokumenttyp"),
    ],
)
def test_bad_filters_answer_400_in_swedish(client, library, params, field, words):
    response = client.get("/api/v1/documents/", params)
    assert response.status_code == 400
    assert words in response.json()[field][0]


def test_search_page_reports_bad_filters_without_500(client, library):
    response = client.get("/dokument/sok/", {"bbox": "abc"})
    assert response.status_code == 200 and "Ange bbox som fyra tal" in response.content.decode()


def test_detail_has_versions_and_files(client, library):
    data = client.get(f"/api/v1/documents/{library['bma'].slug}/").json()
    assert data["versions"][0]["number"] == 1 and data["versions"][0]["is_current"]
    assert sorted(data["municipalities"]) == ["1880", "1881"] and data["is_example"] is True
    assert client.get(f"/api/v1/documents/{library['internal'].slug}/").status_code == 404


def test_list_query_count_is_constant(client, count_queries, orebro, kumla):
    theme = ThemeFactory()
    DocumentFactory(title="Bostäder 0", themes=[theme], municipalities=[orebro])
    one, _ = count_queries(lambda: client.get("/api/v1/documents/", {"q": "bostad"}))
    for i in range(1, 25):
        DocumentFactory(title=f"Bostäder {i}", themes=[theme, ThemeFactory()], municipalities=[orebro, kumla])
    many, response = count_queries(lambda: client.get("/api/v1/documents/", {"q": "bostad"}))
    assert one == many and response.json()["count"] == 25


def test_create_through_the_api(client, editor, region, orebro):
    ThemeFactory(slug="bostader")
    client.force_login(editor)
    payload = {
        "title": "Ny bostadsanalys",
        "year": 2026,
        "kind": "report",
        "publisher": region.slug,
        "municipalities": ["1880"],
        "themes": ["bostader"],
    }
    response = client.post("/api/v1/documents/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "ny-bostadsanalys"
    bad = client.post("/api/v1/documents/", {**payload, "municipalities": ["9999"]}, content_type="application/json")
    assert bad.status_code == 400 and "ingen kommun i länet med kod 9999" in bad.json()["municipalities"][0]
    assert Document.objects.count() == 1


@pytest.mark.parametrize("role", ["planner", "case_officer", "coordinator", "signed_in_user"])
def test_only_editors_create_through_the_api(client, region, role, request):
    client.force_login(request.getfixturevalue(role))
    payload = {"title": "X", "year": 2026, "kind": "report", "publisher": region.slug}
    assert client.post("/api/v1/documents/", payload, content_type="application/json").status_code == 403


def test_anonymous_cannot_write(client, region):
    payload = {"title": "X", "year": 2026, "kind": "report", "publisher": region.slug}
    assert client.post("/api/v1/documents/", payload, content_type="application/json").status_code == 403


def test_new_version_and_review_through_the_api(client, editor, library, pdf_upload):
    client.force_login(editor)
    slug = library["bma"].slug
    response = client.post(f"/api/v1/documents/{slug}/versions/", {"label": "2026", "files": [pdf_upload()]})
    assert response.status_code == 201, response.content
    assert [v["is_current"] for v in response.json()["versions"]] == [True, False]
    bad = client.post(
        f"/api/v1/documents/{slug}/reviewed/", {"review_by": "2001-01-01"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "efter i dag" in bad.json()["review_by"][0]


def test_themes_and_news(client):
    ThemeFactory(name="Energi", slug="energi")
    NewsItemFactory(title="EU:s nya naturrestaureringsförordning", scope="eu")
    assert {"slug": "energi", "name": "Energi"} in client.get("/api/v1/themes/").json()
    news = client.get("/api/v1/news/").json()["results"]
    assert news[0]["scope_label"] == "EU" and news[0]["is_example"] is True


def test_news_query_count_is_constant(client, count_queries):
    NewsItemFactory()
    one, _ = count_queries(lambda: client.get("/api/v1/news/"))
    for _ in range(24):
        NewsItemFactory()
    assert one == count_queries(lambda: client.get("/api/v1/news/"))[0]


def test_list_rows_match_the_documented_serializer(client, library):
    """The list's JSON is built in PostgreSQL for speed; it must equal the serializer's output."""
    from knowledge.api.serializers import DocumentListSerializer
    from knowledge.selectors import document_search, with_list_data

    fast = client.get("/api/v1/documents/", {"q": "bostad"}).json()["results"]
    slow = DocumentListSerializer(with_list_data(document_search(user=None, filters={"q": "bostad"})), many=True).data
    assert [r["slug"] for r in slow] == [r["slug"] for r in fast] and len(fast) == 2
    for fast_row, slow_row in zip(fast, slow, strict=True):
        slow_row = dict(slow_row)
        assert set(fast_row) == set(slow_row)
        for key in fast_row:
            if key == "rank":
                assert fast_row[key] == pytest.approx(slow_row[key])
            elif key == "updated_at":  # the same instant, written by PostgreSQL vs the serializer
                assert parse_datetime(fast_row[key]) == parse_datetime(slow_row[key])
            else:
                assert fast_row[key] == slow_row[key], key


def test_pages_of_results(client, orebro):
    for i in range(25):
        DocumentFactory(title=f"Vindkraftsutredning {i:02d}")
    first = client.get("/api/v1/documents/", {"q": "vindkraft", "sort": "title", "page_size": 10}).json()
    assert first["count"] == 25 and len(first["results"]) == 10 and first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get("/api/v1/documents/", {"q": "vindkraft", "sort": "title", "page_size": 10, "page": 3}).json()
    assert [r["title"] for r in last["results"]] == [f"Vindkraftsutredning {i:02d}" for i in range(20, 25)]
    assert last["next"] is None and "page=2" in last["previous"]
    assert client.get("/api/v1/documents/", {"q": "vindkraft", "page": 9}).status_code == 404
    assert client.get("/api/v1/documents/", {"q": "vindkraft", "page": "x"}).status_code == 404
    empty = client.get("/api/v1/documents/", {"q": "finnsintealls"}).json()
    assert empty == {"count": 0, "count_capped": False, "next": None, "previous": None, "results": []}


def test_requests_and_themes_list_query_counts_are_constant(client, planner, count_queries, orebro, kumla):
    from tests.knowledge.factories import RequestFactory

    client.force_login(planner)
    first = RequestFactory()
    first.municipalities.set([orebro])
    first.supports.create(organisation=orebro)  # an empty prefetch would skip a query
    ThemeFactory()
    requests_one, _ = count_queries(lambda: client.get("/api/v1/requests/"))
    themes_one, _ = count_queries(lambda: client.get("/api/v1/themes/"))
    for _ in range(24):
        r = RequestFactory()
        r.municipalities.set([orebro, kumla])
        r.supports.create(organisation=kumla)
        ThemeFactory()
    requests_many, response = count_queries(lambda: client.get("/api/v1/requests/"))
    assert requests_one == requests_many and response.json()["count"] == 25
    assert themes_one == count_queries(lambda: client.get("/api/v1/themes/"))[0]


def test_search_statements_never_recompute_the_vector(client, library):
    """EXPLAIN of what the endpoint runs: the stored column, no to_tsvector per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/documents/", {"q": "bostäder plan"}).status_code == 200
    statements = [q["sql"] for q in ctx.captured_queries if "knowledge_document" in q["sql"]]
    # The searching ones (the page's rows are then read by id: knowledge.selectors.scaled).
    assert any("search_vector" in sql for sql in statements)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (VERBOSE) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "to_tsvector" not in plan
            assert "search_vector @@" in plan or "search_vector" not in sql
