"""The API search builds its page's JSON in PostgreSQL (knowledge.selectors.search_page): for
every audience and filter shape its rows equal the ORM's through the documented serializer;
what one audience saw is never served to another; labels follow the language."""

import datetime

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils.dateparse import parse_datetime

from knowledge import selectors
from knowledge.api.serializers import DocumentListSerializer
from planportal.geo import SWEREF99TM
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(orebro, kumla):
    housing = ThemeFactory(name="Bostäder", slug="bostader")
    energy = ThemeFactory(name="Energi", slug="energi")
    kumla.seat = Point(460000, 6500000, srid=SWEREF99TM)
    kumla.save()
    near_orebro = MultiPolygon(Polygon.from_bbox((505000, 6560000, 525000, 6580000)), srid=SWEREF99TM)
    docs = [
        DocumentFactory(
            title="Bostadsmarknadsanalys",
            summary="Bostäder och vindkraft.",
            year=2025,
            themes=[housing],
            municipalities=[orebro, kumla],
        ),
        DocumentFactory(
            title="Vindkraftsplan",
            summary="Vindkraft och elnät.",
            year=2023,
            kind="plan",
            themes=[energy],
            municipalities=[kumla],
            review_by=datetime.date(2020, 1, 1),
        ),
        DocumentFactory(title="Energiplan", summary="Elnät och solkraft.", year=2024, coverage=near_orebro),
        DocumentFactory(title="Internt vindkraftsunderlag", summary="Vindkraft, utkast.", internal=True),
        DocumentFactory(title="Gammal vindkraftsrapport", summary="Vindkraft.", status="withdrawn"),
    ]
    for i in range(12):
        DocumentFactory(title=f"Solkraftsrapport {i:02d}", summary="Solkraft och elnät.", year=2000 + i)
    return docs


SHAPES = [
    {"q": "vindkraft"},
    {"q": "elnät solkraft"},
    {"q": "vindkraft", "theme": "energi"},
    {"q": "vindkraft", "municipality": "1881", "sort": "year"},
    {"q": "elnät", "year": "2024"},
    {"q": "vindkraft", "kind": "plan"},
    {"q": "elnät", "bbox": "15.0,59.1,15.4,59.4"},
    {"q": "solkraft", "sort": "title", "page_size": "5", "page": "2"},
    {},
    {"sort": "title", "status": "withdrawn"},
]


def through_the_serializer(user, params):
    size, number = int(params.get("page_size", 20)), int(params.get("page", 1))
    qs = selectors.with_list_data(selectors.document_search(user=user, filters=params))
    page = list(qs[(number - 1) * size : number * size])
    return [dict(row) for row in DocumentListSerializer(page, many=True).data], qs.count()


def assert_same_rows(fast, slow):
    assert [r["slug"] for r in fast] == [r["slug"] for r in slow]
    for fast_row, slow_row in zip(fast, slow, strict=True):
        assert set(fast_row) == set(slow_row)
        for key, value in fast_row.items():
            if key == "rank" and value is not None:
                assert value == pytest.approx(slow_row[key], rel=1e-5), key
            elif key == "updated_at":
                assert parse_datetime(value) == parse_datetime(slow_row[key])
            else:
                assert value == slow_row[key], (fast_row["slug"], key)


@pytest.mark.parametrize("role", [None, "planner", "editor"])
def test_rows_equal_the_serializers_for_every_audience_and_shape(client, corpus, role, request):
    user = None
    if role:
        user = request.getfixturevalue(role)
        client.force_login(user)
    for params in SHAPES:
        response = client.get("/api/v1/documents/", params)
        assert response.status_code == 200, (params, response.content)
        data = response.json()
        slow, total = through_the_serializer(user, params)
        assert data["count"] == total, params
        assert_same_rows(data["results"], slow)


def test_what_an_editor_saw_is_not_served_to_the_public(client, corpus, editor):
    client.force_login(editor)
    seen = {r["title"] for r in client.get("/api/v1/documents/", {"q": "vindkraft"}).json()["results"]}
    assert {"Internt vindkraftsunderlag", "Gammal vindkraftsrapport"} <= seen
    client.logout()
    public = {r["title"] for r in client.get("/api/v1/documents/", {"q": "vindkraft"}).json()["results"]}
    assert public == {"Bostadsmarknadsanalys", "Vindkraftsplan"}


def test_labels_follow_the_language_and_review_marks_follow_the_day(client, corpus):
    overdue = client.get("/api/v1/documents/", {"q": "vindkraftsplan"}).json()["results"][0]
    assert overdue["needs_review"] is True
    swedish = client.get("/api/v1/documents/", {"q": "bostadsmarknadsanalys"}).json()["results"][0]
    assert (swedish["kind_label"], swedish["status_label"], swedish["needs_review"]) == ("Rapport", "Gällande", False)
    client.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards
    english = client.get("/api/v1/documents/", {"q": "bostadsmarknadsanalys"}).json()["results"][0]
    assert (english["kind_label"], english["status_label"]) == ("Report", "Current")


def test_a_browser_gets_the_same_json(client, corpus):
    """No browsable HTML rendering (it is not an accessible page): a browser asking for HTML first
    gets the JSON, as any client; people read the API at /api/docs/."""
    as_json = client.get("/api/v1/documents/", {"q": "vindkraft"})
    as_browser = client.get(
        "/api/v1/documents/", {"q": "vindkraft"}, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )
    assert as_browser.status_code == 200 and as_browser["Content-Type"] == "application/json"
    assert as_browser.json() == as_json.json() and as_json.json()["count"] == 2
