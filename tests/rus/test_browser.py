"""Real Chromium through Playwright: the indicator page draws its chart and its map; axe
finds no WCAG 2.1 AA violations on the strategy, indicator, goal, structure-image and report
pages; the upload page shows progress and the result."""

import pytest
from playwright.sync_api import expect

from rus.models import AnnualReport

from .factories import AssessmentFactory, StructureFeatureFactory, StructureImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_indicator_page_draws_chart_and_map(page, live_server, indicator_with_values, axe_check):
    page.goto(live_server.url + indicator_with_values.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Sysselsättningsgrad")
    chart = page.locator("#indicator-chart")
    expect(chart).to_have_attribute("data-chart-state", "drawn")
    # Chart.js has drawn on the canvas: four areas plus the target line
    assert page.evaluate("document.getElementById('indicator-chart')._chart.data.datasets.length") == 5
    assert page.evaluate(
        "(() => { const c = document.getElementById('indicator-chart');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) return true; } return false; })()"
    )
    choropleth = page.locator("#choropleth-map")
    expect(choropleth).to_have_attribute("data-map-state", "ready")
    expect(choropleth).to_have_attribute("data-features", "3")
    # two boundary polygons and one proportional circle (Nora has only its seat) are drawn as SVG paths
    expect(choropleth.locator("path.leaflet-interactive")).to_have_count(3)
    axe_check(page)


def test_strategy_page_is_accessible_and_keyboard_reaches_indicators(
    page, live_server, indicator_with_values, axe_check
):
    page.goto(live_server.url + "/rus/")
    expect(page.locator("h1")).to_have_text(indicator_with_values.goal.strategy.name)
    expect(page.get_by_text("I fas").first).to_be_visible()
    link = page.get_by_role("link", name="Sysselsättningsgrad")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + indicator_with_values.get_absolute_url())
    page.goto(live_server.url + "/rus/")
    axe_check(page)


def test_goal_and_structure_pages_are_accessible(page, live_server, indicator_with_values, axe_check):
    AssessmentFactory(goal=indicator_with_values.goal, year=2022)
    page.goto(live_server.url + indicator_with_values.goal.get_absolute_url())
    axe_check(page)
    image = StructureImageFactory(key="persontransporter-2030", name="Persontransporter 2030", is_example=True)
    StructureFeatureFactory(image=image, name="Göteborg–Örebro–Stockholm", is_example=True)
    page.goto(live_server.url + "/rus/strukturbilder/")
    expect(page.locator("#structure-map")).to_have_attribute("data-map-state", "ready")
    expect(page.locator("#structure-map")).to_have_attribute("data-features-persontransporter-2030", "1")
    axe_check(page)


def test_report_page_is_accessible(page, live_server, indicator_with_values, editor, axe_check, settings, tmp_path):
    from rus.reports import report_build

    settings.MEDIA_ROOT = tmp_path
    AssessmentFactory(goal=indicator_with_values.goal, year=2022, text="Sysselsättningen ökar.")
    report = AnnualReport.objects.create(strategy=indicator_with_values.goal.strategy, year=2022)
    report_build(report.pk)
    page.goto(live_server.url + report.get_absolute_url())
    expect(page.get_by_role("heading", name="Effektmål 1: Fler nya företag")).to_be_visible()
    expect(page.locator("canvas[data-rus-chart]").first).to_have_attribute("data-chart-state", "drawn")
    axe_check(page)
    page.goto(live_server.url + "/rus/uppfoljning/")
    axe_check(page)


def test_upload_page_shows_the_result_after_progress(page, live_server, editor, indicator, municipalities, county):
    # sign in through the form, as a person would
    page.goto(live_server.url + "/konto/logga-in/?next=/rus/import/")
    page.get_by_label("Användarnamn").fill(editor.username)
    page.get_by_label("Lösenord").fill("secret-pass-123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("h1")).to_have_text("Importera indikatorvärden")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "kolada.csv",
                "mimeType": "text/csv",
                "buffer": b"kpi,municipality,period,value\nN00914,1880,2022,71.2\nN00914,0018,2022,74\n",
            }
        ],
    )
    # the live server commits for real, so the (eager, in tests) task runs on commit
    page.get_by_role("button", name="Ladda upp och importera").click()
    page.wait_for_url("**/rus/import/*/")
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("2 rader: 2 nya värden")


def _sign_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/konto/logga-in/?next={next_url}")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill("secret-pass-123")
    page.get_by_role("button", name="Logga in").click()


def test_staff_forms_are_accessible_and_errors_are_announced(
    page, live_server, editor, indicator_with_values, axe_check
):
    goal_url = indicator_with_values.goal.get_absolute_url()
    _sign_in(page, live_server, editor, goal_url)
    expect(page.get_by_role("button", name="Spara bedömning")).to_be_visible()
    axe_check(page)
    # submit an empty text: an error summary linking to the field, the entered year kept
    page.locator("#id_year").fill("2024")
    page.get_by_role("button", name="Spara bedömning").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_contain_text("Skriftlig bedömning")
    expect(page.locator("#id_year")).to_have_value("2024")
    axe_check(page)
    page.goto(live_server.url + "/rus/import/")
    axe_check(page)
