"""Part 8: yearly assessments by staff. Part 9: the annual follow-up as HTML and PDF, built
by a Celery task whose progress the page shows, archived as versions per year."""

import io
from decimal import Decimal

import pytest
from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from rus.models import AnnualReport, Assessment

from .factories import AssessmentFactory, GoalFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- assessments -----------------------------------------------------------------------------


def test_case_officer_writes_an_assessment_draft_then_publishes(client, case_officer, indicator):
    goal = indicator.goal
    client.force_login(case_officer)
    data = {"year": 2024, "rating": "some", "text": "Viss utveckling i länet.", "status": "draft"}
    response = client.post(goal.get_absolute_url(), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(goal=goal, year=2024)
    assert assessment.status == "draft" and assessment.author == case_officer
    # a draft stays internal
    client.logout()
    assert "Viss utveckling i länet." not in client.get(goal.get_absolute_url()).content.decode()
    client.force_login(case_officer)
    client.post(goal.get_absolute_url(), {**data, "status": "published"})
    assert Assessment.objects.filter(goal=goal).count() == 1  # same goal and year: updated
    client.logout()
    assert "Viss utveckling i länet." in client.get(goal.get_absolute_url()).content.decode()


def test_assessment_bad_input_is_explained_and_nothing_saved(client, editor, indicator):
    client.force_login(editor)
    response = client.post(
        indicator.goal.get_absolute_url(), {"year": 2050, "rating": "some", "text": "  ", "status": "draft"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Det finns fel i formuläret" in body
    assert Assessment.objects.count() == 0
    response = client.post(
        indicator.goal.get_absolute_url(), {"year": 2050, "rating": "some", "text": "Text", "status": "draft"}
    )
    assert "Året ska ligga inom strategins period 2018–2030." in response.content.decode()
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("role", ["planner", "coordinator", "signed_in_user"])
def test_other_roles_cannot_assess(client, request, role, indicator):
    client.force_login(request.getfixturevalue(role))
    data = {"year": 2024, "rating": "some", "text": "x", "status": "published"}
    assert client.post(indicator.goal.get_absolute_url(), data).status_code == 403
    assert Assessment.objects.count() == 0


def test_anonymous_cannot_assess(client, indicator):
    data = {"year": 2024, "rating": "some", "text": "x", "status": "published"}
    assert client.post(indicator.goal.get_absolute_url(), data).status_code == 403


# --- the annual report --------------------------------------------------------------------------


@pytest.fixture
def report_data(strategy, indicator_with_values, county):
    second_goal = GoalFactory(strategy=strategy, code="2", name="Minskade utsläpp av växthusgaser")
    ind = IndicatorFactory(
        goal=second_goal,
        name="Utsläpp per invånare",
        better="lower",
        baseline_value=Decimal("8"),
        target_value=Decimal("3"),
        areas=[county],
    )
    IndicatorValueFactory(indicator=ind, area=county, year=2022, value=Decimal("7.9"))
    AssessmentFactory(goal=indicator_with_values.goal, year=2022, text="Sysselsättningen ökar som planerat.")
    AssessmentFactory(goal=second_goal, year=2022, status="draft", text="Intern anteckning om utsläpp.")
    return strategy


def test_editor_orders_a_report_and_gets_html_and_pdf(client, editor, report_data, media):
    client.force_login(editor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("rus:report_list"), {"year": 2022})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == "done" and report.progress == 100 and report.version == 1
    # HTML: per goal its indicators, status, chart and published assessment; drafts left out
    assert "Effektmål 1: Fler nya företag" in report.html
    assert "Effektmål 2: Minskade utsläpp av växthusgaser" in report.html
    assert "Sysselsättningen ökar som planerat." in report.html
    assert "Intern anteckning om utsläpp." not in report.html
    assert "data-rus-chart" in report.html and "I fas" in report.html
    assert "&quot;county&quot;: true" in report.html  # the county line is drawn as the main series
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Effektmål 1: Fler nya företag" in page and page.count("<h1") == 1
    # PDF: read the text back
    pdf = client.get(reverse("rus:report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Årlig uppföljning 2022" in text
    assert "Fler nya företag" in text and "Minskade utsläpp av växthusgaser" in text
    assert "Sysselsättningsgrad" in text and "Sysselsättningen ökar som planerat." in text
    assert "Intern anteckning" not in text


def test_a_second_report_for_the_year_is_a_new_archived_version(client, editor, report_data, media):
    client.force_login(editor)
    for _ in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("rus:report_list"), {"year": 2022})
    assert list(AnnualReport.objects.order_by("version").values_list("year", "version")) == [(2022, 1), (2022, 2)]
    latest = AnnualReport.objects.get(version=2)
    assert "Version 1" in client.get(latest.get_absolute_url()).content.decode()


def test_report_year_outside_the_strategy_is_refused(client, editor, report_data):
    client.force_login(editor)
    response = client.post(reverse("rus:report_list"), {"year": 2045})
    assert response.status_code == 400
    assert "Välj ett år inom strategins period 2018–2030." in response.content.decode()
    assert AnnualReport.objects.count() == 0


def test_pending_report_page_shows_progress_and_public_sees_only_finished(client, editor, report_data):
    report = AnnualReport.objects.create(strategy=report_data, year=2022, progress=40, status="running")
    client.force_login(editor)
    body = client.get(report.get_absolute_url()).content.decode()
    assert '<progress id="report-progress"' in body and 'value="40"' in body
    assert client.get(reverse("rus:report_status", args=[report.pk])).json()["percent"] == 40
    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["planner", "case_officer", "signed_in_user"])
def test_only_editors_order_reports(client, request, role, report_data):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("rus:report_list"), {"year": 2022}).status_code == 403


@pytest.mark.worker
def test_real_worker_builds_the_report(client, editor, report_data, celery_worker_process, settings, tmp_path):
    client.force_login(editor)
    client.post(reverse("rus:report_list"), {"year": 2022})
    report = AnnualReport.objects.get()
    celery_worker_process(lambda: AnnualReport.objects.get(pk=report.pk).status in ("done", "failed"))
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.pdf.name.endswith(".pdf")
    text = PdfReader(report.pdf.open("rb")).pages[0].extract_text()
    assert "Fler nya företag" in text
