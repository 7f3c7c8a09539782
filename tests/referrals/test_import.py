"""14. Import of earlier cases from CSV: a Celery job (eager in tests) with a progress page and a JSON
status; per-row errors naming row and column; atomic (one error, nothing saved)."""

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from referrals.models import ImportJob, Referral, ReferralEvent, Reply
from referrals.services import imports as services
from referrals.services.numbering import next_diary_number
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "diarienummer;avsändare;avsändarens beteckning;planens namn;plantyp;skede;inkommen;sista svarsdag;status;skickat"
)


@pytest.fixture
def senders(db):
    return {
        "orebro": OrganisationFactory(municipality=True, name="Örebro kommun", short_name="Örebro", code="1880"),
        "kumla": OrganisationFactory(municipality=True, name="Kumla kommun", short_name="Kumla", code="1881"),
    }


def _rows(n, *, start=1):
    lines = []
    for i in range(start, start + n):
        sender = "Örebro kommun" if i % 2 else "1881"
        lines.append(f";{sender};KS 2023/{i};Detaljplan för kvarter {i};detaljplan;samråd;2023-03-0{1 + i % 8};"
                     f"2023-04-1{i % 9};besvarad;2023-04-0{1 + i % 8}")  # fmt: skip
    return lines


def _upload(text, name="remisser.csv", *, bom=True):
    data = ("\ufeff" if bom else "") + text
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def _post(client, upload, capture):
    with capture(execute=True):
        return client.post("/remisser/import/", {"file": upload})


def test_a_good_file_imports_every_row(client, case_officer, senders, django_capture_on_commit_callbacks):
    client.force_login(case_officer)
    text = "\r\n".join([HEADER, *_rows(5), "RÖ 2023-0412;Kumla;;Planprogram för Kumla;planprogram;granskning;"
                        "2023-09-14;2023-10-20;avstått;2023-09-20", ";1880;;FÖP Örebro;FÖP;samråd;2024-01-10;"
                        "2024-02-15;registrerad;"])  # fmt: skip
    response = _post(client, _upload(text), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/remisser/import/{job.pk}/"
    assert job.status == "done", job.errors
    assert job.created_count == 7 and job.total_rows == 7 and job.processed_rows == 7 and job.percent == 100
    assert Referral.objects.count() == 7
    assert ReferralEvent.objects.filter(kind="imported").count() == 7
    declined = Referral.objects.get(diary_number="RÖ 2023-0412")
    assert (declined.diary_year, declined.diary_seq, declined.status) == (2023, 412, "declined")
    assert declined.sender == senders["kumla"]
    assert Reply.objects.filter(status="sent").count() == 6
    registered = Referral.objects.get(plan_name="FÖP Örebro")
    assert registered.status == "registered" and registered.plan_type == "fop" and registered.diary_year == 2024
    # the given number moved the counter: the next case of 2023 follows it
    assert next_diary_number(2023)[0] == 413
    page = client.get(response["Location"]).content.decode()
    assert "7 remisser importerade" in page and "<progress" in page and 'aria-live="polite"' in page


def test_comma_separated_without_bom(client, case_officer, senders, django_capture_on_commit_callbacks):
    client.force_login(case_officer)
    rows = [HEADER.replace(";", ","), *(r.replace(";", ",") for r in _rows(3))]
    _post(client, _upload("\n".join(rows), bom=False), django_capture_on_commit_callbacks)
    assert ImportJob.objects.get().status == "done"
    assert Referral.objects.count() == 3


def test_unknown_municipality_on_row_7_names_row_and_column_and_saves_nothing(
    client, case_officer, senders, django_capture_on_commit_callbacks
):
    client.force_login(case_officer)
    rows = _rows(8)
    rows[5] = rows[5].replace("Örebro kommun", "Stockholms kommun").replace(";1881;", ";Stockholms kommun;")
    response = _post(client, _upload("\n".join([HEADER, *rows])), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.created_count == 0
    assert Referral.objects.count() == 0 and ReferralEvent.objects.count() == 0
    texts = [services.error_text(e) for e in job.errors]
    assert texts == ["Rad 7, kolumn ”avsändare”: okänd kommun ”Stockholms kommun”."]
    page = client.get(response["Location"]).content.decode()
    assert "Rad 7, kolumn ”avsändare”: okänd kommun ”Stockholms kommun”." in page
    assert "Ingenting sparades" in page
    with translation.override("en"):
        assert services.error_text(job.errors[0]) == 'Row 7, column "sender": unknown municipality "Stockholms kommun".'


def test_a_bad_date_and_a_deadline_before_received(client, case_officer, senders, django_capture_on_commit_callbacks):
    client.force_login(case_officer)
    rows = _rows(4)
    rows[1] = rows[1].replace("2023-03-03", "2023-13-45")
    rows[2] = rows[2].replace("2023-04-13", "2023-01-01")
    _post(client, _upload("\n".join([HEADER, *rows])), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    texts = [services.error_text(e) for e in job.errors]
    assert "Rad 3, kolumn ”inkommen”: ”2023-13-45” är inget datum (skriv ÅÅÅÅ-MM-DD)." in texts
    assert "Rad 4, kolumn ”sista svarsdag”: sista svarsdag 2023-01-01 är före inkommen-datum 2023-03-04." in texts
    assert Referral.objects.count() == 0


def test_unknown_values_a_missing_column_and_a_taken_number(case_officer, senders):
    text = "avsändare;planens namn;plantyp;skede;inkommen;diarienummer\nÖrebro;X;kyrkplan;samråd;2023-01-01;RÖ 2023-1"
    job = ImportJob.objects.create(original_name="x.csv", created_by=case_officer)
    job.file.save("x.csv", io.BytesIO(text.encode()), save=True)
    job = services.import_run(job.pk)
    assert [services.error_text(e) for e in job.errors] == ["Kolumnen ”sista svarsdag” saknas i filens rubrikrad."]


def test_a_too_large_file_is_refused_before_reading(client, case_officer, senders, settings):
    settings.REFERRAL_IMPORT_MAX_MB = 0.001  # about 1 kB
    client.force_login(case_officer)
    response = client.post("/remisser/import/", {"file": _upload("\n".join([HEADER, *_rows(30)]))})
    assert response.status_code == 200
    assert "största tillåtna storlek är 1 kB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_csv_is_refused(client, case_officer):
    client.force_login(case_officer)
    upload = SimpleUploadedFile("remisser.csv", b"%PDF-1.7\n" + b"\x00" * 100, content_type="text/csv")
    response = client.post("/remisser/import/", {"file": upload})
    assert response.status_code == 200 and "innehållet är inte" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_example_file_imports(client, case_officer, senders, django_capture_on_commit_callbacks):
    OrganisationFactory(municipality=True, name="Karlskoga kommun", short_name="Karlskoga", code="1883")
    client.force_login(case_officer)
    response = client.get("/remisser/import/exempel.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffdiarienummer;avsändare")
    assert len(list(csv.reader(io.StringIO(body), delimiter=";"))) == 4
    _post(client, _upload(body.lstrip("\ufeff")), django_capture_on_commit_callbacks)
    assert ImportJob.objects.get().status == "done"
    assert Referral.objects.count() == 3


def test_status_endpoint_and_who_sees_a_job(client, case_officer, planner, senders):
    job = ImportJob.objects.create(original_name="x.csv", created_by=case_officer, total_rows=40, processed_rows=10)
    client.force_login(case_officer)
    data = client.get(f"/remisser/import/{job.pk}/status/").json()
    assert data["status"] == "pending" and data["percent"] == 25 and data["finished"] is False
    assert data["total_rows"] == 40 and data["processed_rows"] == 10 and "text" in data
    page = client.get(f"/remisser/import/{job.pk}/").content.decode()
    assert 'data-status-url="/remisser/import/' in page and 'value="25"' in page
    other = UserFactory(roles=["case_officer"])
    client.force_login(other)
    assert client.get(f"/remisser/import/{job.pk}/status/").status_code == 404
    client.force_login(planner)
    assert client.get(f"/remisser/import/{job.pk}/status/").status_code == 403
    assert client.get("/remisser/import/").status_code == 403
    client.logout()
    assert client.get("/remisser/import/").status_code == 302


def test_the_import_page_documents_columns_with_constant_queries(client, case_officer, count_queries):
    client.force_login(case_officer)
    ImportJob.objects.create(original_name="a.csv", created_by=case_officer)
    first, response = count_queries(lambda: client.get("/remisser/import/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "avsändarens beteckning" in page and "remisser-exempel" not in page and "exempel.csv" in page
    for i in range(12):
        ImportJob.objects.create(original_name=f"{i}.csv", created_by=case_officer)
    more, _response = count_queries(lambda: client.get("/remisser/import/"))
    assert first == more


def test_english_page_and_errors(client, case_officer, senders, settings, django_capture_on_commit_callbacks):
    client.force_login(case_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/remisser/import/").content.decode()
    assert "Import earlier cases from CSV" in page and "<code>sender</code>" in page
    rows = _rows(2)
    rows[1] = rows[1].replace("samråd", "remiss")
    response = _post(client, _upload("\n".join([HEADER, *rows])), django_capture_on_commit_callbacks)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert 'Row 3, column "phase": unknown value "remiss"' in page


def test_a_diary_number_taken_or_given_twice(case_officer, senders):
    from tests.referrals.factories import ReferralFactory

    ReferralFactory(diary_year=2023, diary_seq=7, diary_number="RÖ 2023-0007", sender=senders["orebro"])
    rows = _rows(3)
    rows[0] = "RÖ 2023-0007" + rows[0]
    rows[1] = "RÖ 2023-0412" + rows[1]
    rows[2] = "RÖ 2023-412" + rows[2]
    job = ImportJob.objects.create(original_name="x.csv", created_by=case_officer)
    job.file.save("x.csv", io.BytesIO("\n".join([HEADER, *rows]).encode()), save=True)
    job = services.import_run(job.pk)
    assert [services.error_text(e) for e in job.errors] == [
        "Rad 2, kolumn ”diarienummer”: diarienumret RÖ 2023-0007 finns redan.",
        "Rad 4, kolumn ”diarienummer”: diarienumret RÖ 2023-412 står även på rad 3.",
    ]
    assert Referral.objects.count() == 1
