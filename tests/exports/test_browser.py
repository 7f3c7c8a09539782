"""A large export in Chromium through a real Celery worker (Redis, solo pool, the test database):
start it from a list page, watch the progress bar move forward to 100 %, download the
GeoPackage; the file is its owner's only (another user and the signed-out get 404); the pages
pass axe. (One test for the worker and the browser: each costs a worker start and a flush.)"""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from exports.models import ExportJob
from networks.models import Organisation
from planportal import roles
from tests.factories import UserFactory
from tests.knowledge.test_browser import _sign_in

from .support import read_geopackage

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _square(east, north=6571000, size=400):
    ring = ((east, north), (east + size, north), (east + size, north + size), (east, north + size), (east, north))
    return MultiPolygon(Polygon(ring), srid=3006)


def test_start_a_large_export_watch_it_finish_and_download(
    page, live_server, celery_worker_process, settings, planner, axe_check, tmp_path
):
    settings.EXPORT_SYNC_MAX_ROWS = 50
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Exempelkommun {n:03d}",
            slug=f"exempel-{n}",
            kind=Organisation.Kind.MUNICIPALITY,
            code=f"{1000 + n}",
            boundary=_square(480000 + 500 * n),
        )
        for n in range(400)
    )
    expected = Organisation.objects.municipalities().count()
    _sign_in(page, live_server, planner.username)
    page.goto(live_server.url + "/organisationer/?kind=municipality")
    page.get_by_role("link", name="GeoPackage").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("GeoPackage")
    expect(page.get_by_text(f"Listan har {expected} rader")).to_be_visible()
    axe_check(page)
    polled = []
    page.on(
        "response",
        lambda response: polled.append(response.json()["percent"]) if "/status/" in response.url else None,
    )
    page.get_by_role("button", name="Starta exporten").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("Klar – 100 %", timeout=60_000)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    link = page.get_by_role("link", name="Ladda ned")
    expect(link).to_be_visible()
    axe_check(page)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("organisationer-") and download.suggested_filename.endswith(".gpkg")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    package = read_geopackage(path.read_bytes())
    assert package["count"] == package["ogrinfo_count"] == expected
    assert polled and polled == sorted(polled) and polled[-1] == 100  # the bar only moves forward
    job = ExportJob.objects.get()
    assert job.status == "done" and job.user == planner and job.processed_rows == job.total_rows == expected

    file_url = reverse("exports:job_file", args=[job.pk, job.filename])
    assert Client().get(file_url).status_code == 404
    other = Client()
    other.force_login(UserFactory(username="another-planner", roles=[roles.PLANNER]))
    for address in (file_url, job.get_absolute_url(), reverse("exports:job_status", args=[job.pk])):
        assert other.get(address).status_code == 404

    page.goto(live_server.url + "/export/mina/")
    expect(page.get_by_role("link", name=download.suggested_filename)).to_be_visible()
    axe_check(page)
