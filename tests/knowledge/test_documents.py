"""Documents: publishing, bad input (nothing half-saved), versions, freshness reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from knowledge import services
from knowledge.models import Document, DocumentFile, DocumentVersion
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(region, orebro):
    ThemeFactory(name="Bostäder", slug="bostader")
    return {
        "title": "Bostadsmarknadsanalys 2026",
        "summary": "Behovet av bostäder i länet.",
        "year": 2026,
        "kind": "report",
        "publisher": region.slug,
        "municipalities": ["1880"],
        "themes": ["bostader"],
    }


def test_editor_publishes_a_document_with_a_pdf(data, editor, pdf_upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.document_create(data=data, files=[pdf_upload()], actor=editor)
    assert doc.slug == "bostadsmarknadsanalys-2026"
    assert [m.code for m in doc.municipalities.all()] == ["1880"]
    f = DocumentFile.objects.get(version__document=doc)
    assert f.kind == "pdf" and f.extraction == "done" and "skyfallskartering" in f.extracted_text
    doc.refresh_from_db()
    assert "skyfallskartering" in doc.file_text
    assert doc.owner == editor


@pytest.mark.parametrize("role", ["planner", "case_officer", "coordinator", "signed_in_user"])
def test_only_editors_publish(data, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.document_create(data=data, actor=user)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"title": " "}, "title", "Ange en titel"),
        ({"year": "tjugo"}, "year", "fyra siffror"),
        ({"year": 1700}, "year", "mellan 1900"),
        ({"kind": "roman"}, "kind", "dokumenttyp"),
        ({"municipalities": ["1880", "1999"]}, "municipalities", "ingen kommun i länet med kod 1999"),
        ({"themes": ["astrologi"]}, "themes", "Okänt tema: astrologi"),
        ({"publisher": "finns-inte"}, "publisher", "ingen organisation"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(data, editor, change, field, words):
    with pytest.raises(ValidationError) as exc:
        services.document_create(data={**data, **change}, actor=editor)
    assert words in " ".join(exc.value.message_dict[field])
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_file_over_the_size_limit_is_refused(data, editor, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(ValidationError) as exc:
        services.document_create(data=data, files=[big], actor=editor)
    assert "största tillåtna storlek är 1.0 MB" in exc.value.message_dict["files"][0]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("rapport.pdf", b"<html>inte en pdf</html>", "heter .pdf men innehållet är inte en PDF"),
        ("tabell.xlsx", b"%PDF-1.4 fel", "inte en Excel-fil"),
        ("data.gpkg", b"PK\x03\x04zip", "inte en GeoPackage"),
        ("virus.exe", b"MZ", "filtypen .exe tas inte emot"),
    ],
)
def test_file_whose_content_is_not_what_its_name_says(data, editor, name, content, words):
    with pytest.raises(ValidationError) as exc:
        services.document_create(data=data, files=[SimpleUploadedFile(name, content)], actor=editor)
    assert words in exc.value.message_dict["files"][0]
    assert not Document.objects.exists()


def test_form_shows_errors_in_swedish_and_keeps_values(client, editor, region):
    client.force_login(editor)
    response = client.post(
        "/dokument/nytt/",
        {
            "title": "Ny analys",
            "year": "17",
            "kind": "report",
            "publisher": region.slug,
            "files": [SimpleUploadedFile("a.pdf", b"nej")],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Det finns fel i formuläret" in body and 'value="Ny analys"' in body
    assert "mellan 1900" in body and "innehållet är inte en PDF" in body
    assert not Document.objects.exists()


def test_form_publishes(client, editor, region, pdf_upload, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dokument/nytt/",
            {
                "title": "Ny analys",
                "year": "2026",
                "kind": "report",
                "publisher": region.slug,
                "files": [pdf_upload()],
                "is_public": "on",
                "municipalities": [],
            },
        )
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()


def test_new_version_supersedes_the_old(editor, pdf_upload, django_capture_on_commit_callbacks):
    doc = DocumentFactory(title="Länstransportplan")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_add_version(document=doc, files=[pdf_upload(lines=["Gammal text om vägar"])], actor=editor)
        services.document_add_version(
            document=doc, files=[pdf_upload(lines=["Ny text om cykelbanor"])], label="2026", actor=editor
        )
    versions = list(doc.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.is_current for v in versions] == [False, False, True]
    doc.refresh_from_db()
    assert "cykelbanor" in doc.file_text and "vägar" not in doc.file_text  # search follows the current version


def test_new_version_needs_a_file_or_a_note(editor):
    doc = DocumentFactory()
    with pytest.raises(ValidationError) as exc:
        services.document_add_version(document=doc, actor=editor)
    assert "Bifoga minst en fil" in exc.value.message_dict["files"][0]
    assert doc.versions.count() == 1


def test_needs_review_mark_and_due_list(client, editor):
    late = DocumentFactory(title="Gammal prognos", overdue=True, owner=editor)
    soon = DocumentFactory(title="Snart dags", review_by=timezone.localdate() + datetime.timedelta(days=10))
    DocumentFactory(title="Långt fram", review_by=timezone.localdate() + datetime.timedelta(days=400))
    assert late.needs_review and not soon.needs_review
    client.force_login(editor)
    body = client.get("/dokument/granskning/").content.decode()
    assert "Gammal prognos" in body and "Snart dags" in body and "Långt fram" not in body
    assert "Behöver ses över" in body


def test_owner_is_reminded_once_before_the_review_date(editor):
    editor.email = "redaktor@example.org"
    editor.save()
    today = timezone.localdate()
    DocumentFactory(title="Befolkningsprognos", owner=editor, review_by=today + datetime.timedelta(days=20))
    DocumentFactory(title="Inte än", owner=editor, review_by=today + datetime.timedelta(days=90))
    DocumentFactory(title="Tillbakadragen", owner=editor, review_by=today, status="withdrawn")
    assert services.review_reminders_send(today=today) == 1
    assert services.review_reminders_send(today=today) == 0  # not twice for the same date
    (message,) = mail.outbox
    assert message.to == ["redaktor@example.org"] and "Befolkningsprognos" in message.subject
    assert "/dokument/" in message.body


def test_marking_reviewed_sets_the_next_date(editor):
    doc = DocumentFactory(overdue=True)
    with pytest.raises(ValidationError):
        services.document_mark_reviewed(document=doc, next_review_by=timezone.localdate(), actor=editor)
    services.document_mark_reviewed(
        document=doc, next_review_by=timezone.localdate() + datetime.timedelta(days=365), actor=editor
    )
    doc.refresh_from_db()
    assert not doc.needs_review


def test_beat_schedule_has_the_reminder_and_the_digest():
    from planportal.celery import app

    app.loader.import_default_modules()
    app.finalize()
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    # the digest is the notification centre's (notifications/schedule.py), with the library's part
    expected = {"knowledge.tasks.send_review_reminders", "notifications.tasks.send_digests"}
    assert expected | {"notifications.tasks.collect_sources"} <= tasks
    assert {"knowledge.tasks.send_review_reminders", "notifications.tasks.send_digests"} <= set(app.tasks)


def test_coverage_as_geojson_is_stored_in_sweref_and_served_in_wgs84(client, data, editor):
    square = {
        "type": "Polygon",
        "coordinates": [[[15.1, 59.2], [15.3, 59.2], [15.3, 59.3], [15.1, 59.3], [15.1, 59.2]]],
    }
    doc = services.document_create(data={**data, "coverage": square}, actor=editor)
    doc.refresh_from_db()
    assert doc.coverage.srid == 3006 and doc.coverage.geom_type == "MultiPolygon"
    assert 500000 < doc.coverage.extent[0] < 520000
    served = client.get(f"/api/v1/documents/{doc.slug}/").json()["coverage"]
    assert served["type"] == "MultiPolygon"
    assert abs(served["coordinates"][0][0][0][0] - 15.1) < 1e-6


@pytest.mark.parametrize(
    "coverage, words",
    [
        ({"type": "Point", "coordinates": [15.2, 59.3]}, "innehåller en punkt"),
        ({"type": "Polygon", "coordinates": [[[151, -33], [152, -33], [152, -34], [151, -33]]]}, "utanför Sverige"),
        ("inte geojson", "är inte giltig GeoJSON"),
    ],
)
def test_bad_coverage(data, editor, coverage, words):
    with pytest.raises(ValidationError) as exc:
        services.document_create(data={**data, "coverage": coverage}, actor=editor)
    assert words in exc.value.message_dict["coverage"][0]
    assert not Document.objects.exists()


def test_supersede_through_the_api(client, editor):
    old, new = (
        DocumentFactory(title="Länstransportplan 2018–2029"),
        DocumentFactory(title="Länstransportplan 2022–2033"),
    )
    client.force_login(editor)
    response = client.post(
        f"/api/v1/documents/{old.slug}/supersede/", {"by": new.slug}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["superseded_by"] == new.slug
    assert response.json()["status_label"] == "Ersatt"
    body = client.get(old.get_absolute_url()).content.decode()
    assert "ersatt av" in body and new.get_absolute_url() in body
    unknown = client.post(
        f"/api/v1/documents/{old.slug}/supersede/", {"by": "finns-inte"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and "finns-inte" in unknown.json()["by"][0]
    itself = client.post(f"/api/v1/documents/{new.slug}/supersede/", {"by": new.slug}, content_type="application/json")
    assert itself.status_code == 400 and "sig självt" in itself.json()["superseded_by"][0]


def test_edit_page_updates_metadata(client, editor, region, orebro):
    doc = DocumentFactory(title="Gammal titel", publisher=region)
    client.force_login(editor)
    assert client.get(f"/dokument/{doc.slug}/redigera/").status_code == 200
    response = client.post(
        f"/dokument/{doc.slug}/redigera/",
        {
            "title": "Ny titel",
            "year": "2026",
            "kind": "plan",
            "publisher": region.slug,
            "status": "under_revision",
            "municipalities": ["1880"],
        },
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.title, doc.kind, doc.status) == ("Ny titel", "plan", "under_revision")
    assert [m.code for m in doc.municipalities.all()] == ["1880"]


def test_form_links_rus_goals(client, editor, region):
    from tests.rus.factories import GoalFactory

    goal = GoalFactory(name="Stark konkurrenskraft i näringslivet")
    client.force_login(editor)
    assert "Stark konkurrenskraft i näringslivet" in client.get("/dokument/nytt/").content.decode()
    response = client.post(
        "/dokument/nytt/",
        {"title": "Näringslivsanalys", "year": "2026", "kind": "report", "publisher": region.slug, "goals": [goal.pk]},
    )
    assert response.status_code == 302
    assert list(Document.objects.get().goals.all()) == [goal]


def test_document_update_names_every_error_at_once_and_changes_nothing(editor, region):
    doc = DocumentFactory(title="Gammal titel", publisher=region, year=2024)
    with pytest.raises(ValidationError) as exc:
        services.document_update(
            document=doc,
            data={
                "title": " ",
                "year": 1800,
                "municipalities": ["0"],
                "publisher": "finns-inte",
                "coverage": {"type": "Point", "coordinates": [15.2, 59.3]},
            },
            actor=editor,
        )
    assert set(exc.value.message_dict) == {"title", "year", "municipalities", "publisher", "coverage"}
    doc.refresh_from_db()
    assert (doc.title, doc.year, doc.publisher) == ("Gammal titel", 2024, region)
