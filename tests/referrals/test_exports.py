"""Referral lists as files: CSV (UTF-8 with BOM, semicolons, Swedish headers, safe from formula
injection) and GeoJSON, with the register's filters and visibility; constant query counts."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from planportal.csvexport import safe_cell
from referrals.models import Reply

from .factories import MunicipalityFactory, ReferralFactory, ReplyFactory, plan_area

pytestmark = pytest.mark.django_db
URL = "/diarium/export/"


def _csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881")


@pytest.fixture
def cases(kumla):
    answered = ReferralFactory(
        sender=kumla, answered=True, plan_name="Detaljplan Ekängen", received=datetime.date(2026, 2, 1)
    )
    ReplyFactory(referral=answered, status=Reply.Status.SENT, sent_on=datetime.date(2026, 2, 20))
    drafted = ReferralFactory(sender=kumla, in_progress=True, plan_name="Detaljplan Norr")
    ReplyFactory(referral=drafted, status=Reply.Status.APPROVED, sent_on=datetime.date(2026, 2, 21))
    other = ReferralFactory(plan_name="Översiktsplan annan kommun", no_area=True)
    return {"answered": answered, "drafted": drafted, "other": other}


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 19 123", "'+46 19 123"),
        ("-1+2", "'-1+2"),
        (-3, -3),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\r=1", "'\r=1"),
        ("Detaljplan", "Detaljplan"),
        (None, ""),
    ],
)
def test_safe_cell_defuses_formulas(value, expected):
    assert safe_cell(value) == expected


def test_register_csv_has_swedish_headers_and_the_public_columns(client, cases):
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="remisser-')
    rows = _csv(response)
    assert rows[0] == [
        "Diarienummer",
        "Inkommen",
        "Avsändare",
        "Avsändarens beteckning",
        "Planens namn",
        "Plantyp",
        "Skede",
        "Sista svarsdag",
        "Status",
        "Yttrande skickat",
        "Länk",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    assert len(by_number) == 3
    answered = by_number[cases["answered"].diary_number]
    assert answered[1:3] == ["2026-02-01", "Kumla kommun"]
    assert answered[5:10] == ["Detaljplan", "Samråd", "2026-03-03", "Besvarad", "2026-02-20"]
    assert answered[10] == "http://testserver" + cases["answered"].get_public_url()
    # An approved but unsent reply's date is not shown.
    assert by_number[cases["drafted"].diary_number][9] == ""


def test_csv_applies_the_register_filters(client, cases):
    rows = _csv(client.get(URL, {"format": "csv", "municipality": "kumla", "q": "ekängen"}))
    assert [row[0] for row in rows[1:]] == [cases["answered"].diary_number]


def test_csv_cells_from_users_are_defused(client, kumla):
    ReferralFactory(sender=kumla, plan_name="=cmd|' /C calc'!A0", sender_reference="@SUM(1+1)")
    rows = _csv(client.get(URL, {"format": "csv"}))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"
    assert rows[1][3] == "'@SUM(1+1)"


def test_csv_in_english_when_chosen(client, cases):
    client.cookies["django_language"] = "en"
    rows = _csv(client.get(URL, {"format": "csv"}))
    assert rows[0][:3] == ["Diary number", "Received", "Sender"]
    assert "Answered" in {row[8] for row in rows[1:]}


def test_geojson_export_is_the_filtered_areas(client, cases):
    response = client.get(URL, {"format": "geojson", "status": "closed"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].endswith('.geojson"')
    data = json.loads(b"".join(response.streaming_content))
    assert data["type"] == "FeatureCollection"
    assert [f["id"] for f in data["features"]] == [cases["answered"].pk]


def test_export_of_the_map_view_takes_the_bbox(client, kumla):
    inside = ReferralFactory(sender=kumla)
    ReferralFactory(sender=kumla, area=plan_area(east=470000, north=6630000))
    rows = _csv(client.get(URL, {"format": "csv", "bbox": "15.0,59.1,15.5,59.4"}))
    assert [row[0] for row in rows[1:]] == [inside.diary_number]


@pytest.mark.parametrize(
    "params, text",
    [
        ({"format": "xlsx"}, "format: Välj ett av formaten csv, geojson, gpkg."),
        ({"format": "csv", "year": "nästa"}, "year: Året (year) ska vara ett årtal"),
        ({"format": "geojson", "bbox": "1,2"}, "bbox: Ange bbox som fyra tal"),
    ],
)
def test_bad_export_requests_are_400_with_a_message(client, cases, params, text):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert text in response.content.decode()


def test_export_query_count_is_constant(client, count_queries, kumla):
    def run():
        response = client.get(URL, {"format": "csv"})
        return _csv(response)

    ReferralFactory(sender=kumla)
    one, rows = count_queries(run)
    assert len(rows) == 2
    for _i in range(24):
        ReferralFactory()
    many, rows = count_queries(run)
    assert len(rows) == 26
    assert one == many == 2  # the count (small enough to write at once?) and the rows


def test_register_page_links_its_exports_with_its_filters(client, cases):
    html = client.get(reverse("referrals:register"), {"municipality": "kumla", "page": "1"}).content.decode()
    for export_format in ("csv", "geojson", "gpkg"):
        assert f"/export/referrals.register/?municipality=kumla&amp;format={export_format}" in html


def test_work_list_export_is_for_case_officers_with_their_columns(client, case_officer, planner, cases):
    url = reverse("referrals:worklist_export")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(planner)
    assert client.get(url).status_code == 403
    client.force_login(case_officer)
    cases["drafted"].assignee = case_officer
    cases["drafted"].save()
    rows = _csv(client.get(url, {"format": "csv"}))
    assert rows[0][-2:] == ["Handläggare", "Dagar kvar"]
    # The work list's default filter: open cases only.
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {cases["drafted"].diary_number, cases["other"].diary_number}
    drafted = by_number[cases["drafted"].diary_number]
    assert drafted[-2] == case_officer.get_full_name().strip()
    assert drafted[-1] == str((cases["drafted"].deadline - timezone.localdate()).days)
    assert by_number[cases["other"].diary_number][-2] == ""
    assert drafted[10].startswith("http://testserver/remisser/")
    rows = _csv(client.get(url, {"format": "csv", "status": "all", "municipality": "kumla"}))
    assert len(rows) == 3
    data = json.loads(b"".join(client.get(url, {"format": "geojson", "status": "all"}).streaming_content))
    # Every row of the list; a case without a plan area has no geometry.
    located = {f["id"] for f in data["features"] if f["geometry"]}
    assert located == {cases["answered"].pk, cases["drafted"].pk}
    assert {f["id"] for f in data["features"]} == located | {cases["other"].pk}
    response = client.get(url, {"status": "x"})
    assert response.status_code == 400 and "status:" in response.content.decode()


def test_work_list_page_links_its_exports_with_its_filters(client, case_officer, cases):
    client.force_login(case_officer)
    html = client.get(reverse("referrals:index"), {"status": "all"}).content.decode()
    assert "/export/referrals.worklist/?status=all&amp;format=csv" in html
    assert "/export/referrals.worklist/?status=all&amp;format=geojson" in html


GARBAGE = ["", "x", "-1", "99999999999999999999", "'; DROP TABLE x; --", "%", "ö" * 300, "2026-13-45", "null"]
PUBLIC_ENDPOINTS = [
    "/diarium/",
    "/diarium/export/",
    "/remisser/karta/",
    "/api/v1/referrals/areas/",
    "/remisser/statistik/",
    "/remisser/statistik/per-ar.csv",
]
PARAMETERS = ["q", "year", "municipality", "plan_type", "phase", "status", "sort", "bbox", "format", "year_from"]


@pytest.mark.parametrize("url", PUBLIC_ENDPOINTS)
def test_bad_input_on_the_public_endpoints_is_never_a_500(client, cases, url):
    for name in PARAMETERS:
        for value in GARBAGE:
            response = client.get(url, {name: value})
            # DRF reads ?format= as the renderer's name: an unknown one is its 404.
            allowed = (200, 400, 404) if url.startswith("/api/") and name == "format" else (200, 400)
            assert response.status_code in allowed, (url, name, value, response.status_code)
            if response.status_code == 400:
                assert response.content  # a message, not an empty body
