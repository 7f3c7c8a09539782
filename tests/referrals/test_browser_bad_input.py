"""Bad input through the referral pages in real Chromium (issue 9, "Bad input"): an e-mail that is
not one, an area file in an unknown CRS, a point where an area is needed, a stale edit form. Each a
message naming what and where, the error summary focused, nothing saved, never a 5xx."""

import json

import pytest
from playwright.sync_api import expect

from planportal import roles
from referrals.models import IntakeMessage, Referral
from tests.factories import UserFactory
from tests.knowledge.test_browser import _sign_in

from .factories import MunicipalityFactory, ReferralFactory
from .factories_workflow import approver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881", email_domains=["kumla.se"])


def _no_server_errors(page):
    errors = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return errors


def _unknown_crs_shapefile(tmp_path):
    """A zipped Shapefile in a transverse Mercator no EPSG code describes (SWEREF 99 13 30's
    origin with a UTM scale factor)."""
    import subprocess
    import zipfile

    source = tmp_path / "yta.geojson"
    ring = [[150000, 6570000], [150400, 6570000], [150400, 6570200], [150000, 6570200], [150000, 6570000]]
    source.write_text(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    proj = "+proj=tmerc +lat_0=0 +lon_0=13.5 +k=0.9996 +x_0=150000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    shp = tmp_path / "plan.shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(shp), str(source), "-a_srs", proj], check=True)
    archive = tmp_path / "planomrade.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for suffix in ("shp", "shx", "dbf", "prj"):
            zf.write(tmp_path / f"plan.{suffix}", f"plan.{suffix}")
    return archive


def test_bad_input_is_named_and_nothing_is_saved(page, browser, live_server, kumla, tmp_path):
    """Through the pages: an e-mail that is not one; an area file in an unknown CRS and a point
    where an area is needed (the case page's area form); a stale edit form."""
    officer = approver()
    case = ReferralFactory(sender=kumla, no_area=True, plan_name="Detaljplan för Hagaby")
    server_errors = _no_server_errors(page)
    _sign_in(page, live_server, officer.username)

    # An e-mail that is not one, dropped on the work list.
    page.goto(live_server.url + "/remisser/")
    fake = tmp_path / "inbjudan.eml"
    fake.write_text("Detta är en vanlig textfil och inget e-postmeddelande.\n")
    page.get_by_label("E-postmeddelandet med remissen").set_input_files(str(fake))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "E-postmeddelandet med remissen: Filen ”inbjudan.eml” är inte ett e-postmeddelande."
    )
    assert not IntakeMessage.objects.exists() and Referral.objects.count() == 1

    # The area: a file in a coordinate system nobody can name, then a point.
    page.goto(live_server.url + case.get_absolute_url())
    area_form = page.locator("form[action$='/planomrade/']")
    page.locator("#area-title ~ details > summary").click()
    area_form.locator("input[type=file]").set_input_files(str(_unknown_crs_shapefile(tmp_path)))
    area_form.get_by_role("button", name="Spara planområdet").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("planomrade.zip")
    expect(summary).to_contain_text("koordinatsystemet kunde inte tolkas")
    point = tmp_path / "punkt.geojson"
    point.write_text(json.dumps({"type": "Point", "coordinates": [15.2, 59.27]}))
    page.locator("form[action$='/planomrade/'] input[type=file]").set_input_files(str(point))
    page.locator("form[action$='/planomrade/']").get_by_role("button", name="Spara planområdet").click()
    expect(page.locator("#error-summary")).to_contain_text("punkt.geojson innehåller en punkt; en yta behövs")
    case.refresh_from_db()
    assert case.area is None and not case.interests.exists()

    # A stale form: a colleague saves the same case while the officer is still typing.
    page.goto(live_server.url + case.get_absolute_url() + "andra/")
    colleague_context = browser.new_context()
    colleague = colleague_context.new_page()
    _sign_in(colleague, live_server, UserFactory(username="kollega", roles=[roles.CASE_OFFICER]).username)
    colleague.goto(live_server.url + case.get_absolute_url() + "andra/")
    colleague.get_by_label("Planens namn").fill("Detaljplan för Hagaby etapp 1")
    colleague.get_by_role("button", name="Spara").click()
    expect(colleague.locator(".messages")).to_contain_text("Uppgifterna är sparade")
    colleague_context.close()

    page.get_by_label("Planens namn").fill("Detaljplan för Hagaby östra")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#conflict-title")).to_have_text("Ändrat av någon annan medan du skrev")
    expect(page.locator("#conflict-title ~ table")).to_contain_text("Detaljplan för Hagaby etapp 1")
    expect(page.get_by_label("Planens namn")).to_have_value("Detaljplan för Hagaby östra")  # kept
    case.refresh_from_db()
    assert case.plan_name == "Detaljplan för Hagaby etapp 1"
    assert server_errors == []
