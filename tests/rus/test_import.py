"""Part 4: importing values in Kolada's CSV shape – the command, the service, the upload page
with its progress, every bad row listed with its line number, all or nothing, re-import."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from rus.models import IndicatorValue, ValueImport
from rus.services import import_indicator_values

pytestmark = pytest.mark.django_db

GOOD = """kpi,municipality,period,value,status
N00914,0018,2022,74.5,
N00914,1880,2022,71.2,
N00914,1881,2022,"73,0",
N00914,1884,2023,69.9,Preliminär
"""


def test_import_creates_values_for_county_and_municipalities(indicator, county, municipalities):
    result = import_indicator_values(content=GOOD, check_actor=False)
    assert result.ok, result.errors
    assert (result.total, result.created, result.updated, result.unchanged) == (4, 4, 0, 0)
    assert IndicatorValue.objects.get(indicator=indicator, area=county, year=2022).value == Decimal("74.5")
    assert IndicatorValue.objects.get(indicator=indicator, area__code="1881", year=2022).value == Decimal("73")
    assert IndicatorValue.objects.get(area__code="1884", year=2023).is_preliminary is True
    assert IndicatorValue.objects.get(area__code="1880", year=2022).is_preliminary is False


def test_reimport_of_the_same_file_changes_nothing(indicator, municipalities, county):
    import_indicator_values(content=GOOD, check_actor=False)
    before = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}
    result = import_indicator_values(content=GOOD, check_actor=False)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    after = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}
    assert before == after


def test_reimport_with_a_new_value_updates_never_duplicates(indicator, municipalities, county):
    import_indicator_values(content=GOOD, check_actor=False)
    changed = GOOD.replace("N00914,1880,2022,71.2", "N00914,1880,2022,72.0")
    result = import_indicator_values(content=changed, check_actor=False)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert IndicatorValue.objects.filter(area__code="1880", year=2022).count() == 1
    assert IndicatorValue.objects.get(area__code="1880", year=2022).value == Decimal("72.0")


def test_semicolon_file_with_decimal_commas(indicator, municipalities, county):
    content = "kpi;municipality;period;value\nN00914;1880;2021;70,25\n"
    result = import_indicator_values(content=content, check_actor=False)
    assert result.ok and IndicatorValue.objects.get(area__code="1880").value == Decimal("70.25")


def test_every_bad_row_is_listed_with_line_and_reason_and_nothing_is_saved(indicator, municipalities, county):
    content = (
        "kpi,municipality,period,value\n"
        "N00914,1880,2022,71.2\n"  # line 2: fine
        "X99999,1880,2022,1\n"  # 3: unknown KPI
        "N00914,9999,2022,1\n"  # 4: unknown municipality code
        "N00914,1881,2022,abc\n"  # 5: not a number
        "N00914,1880,2022,71.2\n"  # 6: duplicate of line 2
        "N00914,1881,2035,1\n"  # 7: after the target year
        "N00914,1881,2010,1\n"  # 8: before the baseline year
        "N00914,1881,tjugo,1\n"  # 9: period not a year
    )
    result = import_indicator_values(content=content, check_actor=False)
    assert IndicatorValue.objects.count() == 0
    by_line = {e["line"]: e["message"] for e in result.errors}
    assert set(by_line) == {3, 4, 5, 6, 7, 8, 9}
    assert by_line[3] == "Okänt nyckeltal ”X99999”."
    assert by_line[4] == "Okänd kommunkod ”9999”."
    assert "”abc” är inget tal" in by_line[5]
    assert by_line[6] == "Dubblett av rad 2."
    assert "2035 ligger utanför indikatorns period 2018–2030" in by_line[7]
    assert "2010 ligger utanför" in by_line[8]
    assert "inget årtal" in by_line[9]


def test_value_for_an_area_the_indicator_is_not_measured_for_is_refused(indicator, municipalities, county):
    from tests.factories import OrganisationFactory

    OrganisationFactory(municipality=True, name="Laxå kommun", slug="laxa", code="1860")
    result = import_indicator_values(content="kpi,municipality,period,value\nN00914,1860,2022,5\n", check_actor=False)
    assert result.errors == [{"line": 2, "message": "Indikatorn mäts inte för Laxå kommun."}]
    assert IndicatorValue.objects.count() == 0


def test_missing_columns_are_named(indicator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        import_indicator_values(content="kpi,kommun,value\nN00914,1880,3\n", check_actor=False)
    assert "period" in exc.value.message_dict["file"][0]


def test_command_imports_and_reports_counts(tmp_path, indicator, municipalities, county, capsys):
    path = tmp_path / "kolada.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_indicator_values", str(path))
    assert "4 rader: 4 nya, 0 ändrade, 0 oförändrade" in capsys.readouterr().out
    call_command("import_indicator_values", str(path))
    assert "0 nya, 0 ändrade, 4 oförändrade" in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 4


def test_command_lists_bad_rows_and_fails(tmp_path, indicator, municipalities, county, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("kpi,municipality,period,value\nN00914,1880,2022,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 fel"):
        call_command("import_indicator_values", str(path))
    assert "Rad 2: Värdet ”x” är inget tal." in capsys.readouterr().err
    assert IndicatorValue.objects.count() == 0


def test_upload_page_is_for_editors_only(client, planner, case_officer):
    assert client.get(reverse("rus:import")).status_code == 302  # to sign in
    client.force_login(planner)
    assert client.get(reverse("rus:import")).status_code == 403
    client.force_login(case_officer)
    assert client.get(reverse("rus:import")).status_code == 403


def test_upload_runs_the_import_and_shows_the_result(client, editor, indicator, municipalities, county, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "rus-upload"
    client.force_login(editor)
    upload = SimpleUploadedFile("kolada.csv", GOOD.encode(), content_type="text/csv")
    # eager Celery: the task runs when the transaction's on_commit callbacks run
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("rus:import"), {"file": upload})
    job = ValueImport.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 4 and job.percent == 100
    status = client.get(reverse("rus:import_status", args=[job.pk])).json()
    assert status["finished"] is True and status["created"] == 4
    body = client.get(job.get_absolute_url()).content.decode()
    assert "4 rader: 4 nya värden, 0 ändrade, 0 oförändrade." in body


def test_upload_with_errors_lists_them_on_the_page(client, editor, indicator, municipalities, county, settings):
    from django.test import TestCase

    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "rus-upload"
    client.force_login(editor)
    upload = SimpleUploadedFile("bad.csv", b"kpi,municipality,period,value\nN00914,1880,2022,tio\n")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("rus:import"), {"file": upload})
    job = ValueImport.objects.get()
    body = client.get(job.get_absolute_url()).content.decode()
    assert "ingenting sparades" in body and "Rad 2" in body and "Värdet ”tio” är inget tal." in body


def test_upload_refuses_a_file_that_is_not_csv(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("values.xlsx", b"PK\x03\x04")
    response = client.post(reverse("rus:import"), {"file": upload})
    assert response.status_code == 400
    assert "Välj en CSV-fil (.csv)." in response.content.decode()
    assert ValueImport.objects.count() == 0


@pytest.mark.worker
def test_real_worker_runs_the_upload_and_writes_progress(
    client, editor, indicator, municipalities, county, celery_worker_process, settings
):
    rows = "".join(
        f"N00914,{code},{year},{60 + i}\n"
        for i, (code, year) in enumerate((c, y) for c in ("0018", "1880", "1881", "1884") for y in range(2018, 2031))
    )
    client.force_login(editor)
    upload = SimpleUploadedFile("stor.csv", ("kpi,municipality,period,value\n" + rows).encode())
    response = client.post(reverse("rus:import"), {"file": upload})
    job = ValueImport.objects.get()
    assert response["Location"] == job.get_absolute_url()
    celery_worker_process(lambda: ValueImport.objects.get(pk=job.pk).status in ("done", "failed"))
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert job.total_rows == job.processed_rows == 52 and job.created_count == 52
    assert IndicatorValue.objects.count() == 52
