"""The annual follow-up (årlig uppföljning): per effect goal its indicators with status, a
chart, and the staff's assessment, as HTML (kept in the archive row) and as PDF (reportlab)."""

import io
import json

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .formatting import format_number
from .models import AnnualReport, Assessment, Goal, Indicator, IndicatorValue, JobStatus
from .selectors import county
from .status import indicator_status
from .units import unit_label


def _set(report, **fields):
    AnnualReport.objects.filter(pk=report.pk).update(**fields)
    for key, value in fields.items():
        setattr(report, key, value)


def report_context(*, strategy, year: int) -> dict:
    """What the report says, as of `year`: only published material (the report goes to
    Partnerskapet) and values up to and including that year."""
    region = county()
    goals = list(
        Goal.objects.filter(strategy=strategy)
        .select_related("overarching_goal", "priority_area")
        .prefetch_related("agenda2030_goals")
        .order_by("order", "code")
    )
    indicators = list(Indicator.objects.filter(goal__in=goals, status="published").order_by("goal_id", "order", "name"))
    values = (
        IndicatorValue.objects.filter(indicator__in=indicators, area=region, year__lte=year).order_by("year")
        if region
        else IndicatorValue.objects.none()
    )
    series = {}
    for v in values:
        series.setdefault(v.indicator_id, []).append((v.year, v.value))
    for indicator in indicators:
        points = series.get(indicator.pk, [])
        indicator.series = points
        indicator.latest = (points[-1][0], points[-1][1], False) if points else None
    # status as of `year`, from the county's newest value up to that year

    for indicator in indicators:
        indicator.target_status = indicator_status(indicator, indicator.latest[:2] if indicator.latest else None)
        indicator.chart_json = json.dumps(_chart_spec(indicator, region))
    assessments = {a.goal_id: a for a in Assessment.objects.filter(goal__in=goals, year=year, status="published")}
    by_goal = {}
    for indicator in indicators:
        by_goal.setdefault(indicator.goal_id, []).append(indicator)
    for goal in goals:
        goal.report_indicators = by_goal.get(goal.pk, [])
        goal.report_assessment = assessments.get(goal.pk)
    return {"strategy": strategy, "year": year, "goals": goals, "county": region}


def _chart_spec(indicator, region) -> dict:
    return {
        "title": indicator.name,
        "unit": unit_label(indicator.unit),
        "series": [
            {
                "label": region.name if region else _("Länet"),
                "county": True,
                "points": [[y, float(v)] for y, v in indicator.series],
            },
        ],
        "target": [
            [indicator.baseline_year, float(indicator.baseline_value)],
            [indicator.target_year, float(indicator.target_value)],
        ],
        "target_label": _("Linje mot målet"),
    }


def report_build(report_id: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("strategy").get(pk=report_id)
    if report.status == JobStatus.DONE:  # a repeated delivery of the task (acks late): built already
        return report
    _set(report, status=JobStatus.RUNNING, progress=5, step=_("Hämtar mål och indikatorer"))
    try:
        with translation.override("sv"):
            ctx = report_context(strategy=report.strategy, year=report.year)
            _set(report, progress=30, step=_("Skriver HTML-versionen"))
            html = render_to_string("rus/report_body.html", {**ctx, "report": report})
            _set(report, html=html, progress=50, step=_("Skriver PDF-versionen"))

            def on_goal(done, total):
                _set(report, progress=50 + int(45 * done / max(total, 1)))

            pdf = render_pdf(ctx, report=report, on_goal=on_goal)
        report.pdf.save(f"rus-uppfoljning-{report.year}-v{report.version}.pdf", ContentFile(pdf), save=False)
        _set(report, pdf=report.pdf.name, status=JobStatus.DONE, progress=100, step="", finished_at=timezone.now())
    except Exception as exc:  # the page must say the job failed, not spin for ever
        _set(report, status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    return report


def render_pdf(ctx, *, report, on_goal=None) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    strategy = ctx["strategy"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Uppföljning av %(name)s %(year)s") % {"name": strategy.name, "year": ctx["year"]},
        author="Region Örebro län",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    story = [
        Paragraph(escape(_("Årlig uppföljning %(year)s") % {"year": ctx["year"]}), styles["Title"]),
        Paragraph(escape(f"{strategy.name} ({strategy.period_start}–{strategy.period_end})"), styles["Heading2"]),
    ]
    if strategy.vision:
        story.append(Paragraph(escape(_("Vision: %(vision)s") % {"vision": strategy.vision}), styles["Normal"]))
    story.append(
        Paragraph(
            escape(
                _("Version %(version)s, framtagen %(date)s. Indikatorvärden för länet till och med %(year)s.")
                % {
                    "version": report.version,
                    "date": timezone.localtime().strftime("%Y-%m-%d"),
                    "year": ctx["year"],
                }
            ),
            styles["Italic"],
        )
    )
    if any(g.is_example for g in ctx["goals"]):
        story.append(
            Paragraph(escape(_("Exempeldata: effektmål, indikatorer och värden är påhittade.")), styles["Italic"])
        )
    story.append(Spacer(1, 6 * mm))
    goals = ctx["goals"]
    for done, goal in enumerate(goals, start=1):
        story.append(Paragraph(escape(f"{_('Effektmål')} {goal.code}: {goal.name}"), styles["Heading2"]))
        if goal.agenda2030_goals.all():
            story.append(
                Paragraph(
                    escape(_("Agenda 2030: ") + ", ".join(str(a) for a in goal.agenda2030_goals.all())),
                    styles["Normal"],
                )
            )
        rows = [[_("Indikator"), _("Utgångsvärde"), _("Mål"), _("Senaste"), _("Status")]]
        for ind in goal.report_indicators:
            latest = f"{format_number(ind.latest[1])} ({ind.latest[0]})" if ind.latest else "–"
            rows.append(
                [
                    Paragraph(escape(ind.name), styles["BodyText"]),
                    f"{format_number(ind.baseline_value)} ({ind.baseline_year})",
                    f"{format_number(ind.target_value)} ({ind.target_year})",
                    latest,
                    str(ind.target_status.label),
                ]
            )
        if len(rows) > 1:
            table = Table(rows, colWidths=[62 * mm, 28 * mm, 28 * mm, 28 * mm, 28 * mm], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ]
                )
            )
            story.append(table)
        for ind in goal.report_indicators:
            if ind.series:
                drawing = Drawing(170 * mm, 50 * mm)
                plot = LinePlot()
                plot.x, plot.y, plot.width, plot.height = 30, 20, 150 * mm, 36 * mm
                plot.data = [
                    [(y, float(v)) for y, v in ind.series],
                    [(ind.baseline_year, float(ind.baseline_value)), (ind.target_year, float(ind.target_value))],
                ]
                plot.lines[0].strokeColor = colors.HexColor("#08519c")
                plot.lines[1].strokeColor = colors.HexColor("#a50f15")
                plot.lines[1].strokeDashArray = [3, 2]
                drawing.add(plot)
                drawing.add(
                    String(30, 45 * mm, f"{ind.name} – {_('länet (blå) och linjen mot målet (röd)')}", fontSize=7)
                )
                story.append(drawing)
        story.append(Paragraph(escape(_("Bedömning")), styles["Heading3"]))
        if goal.report_assessment:
            a = goal.report_assessment
            story.append(Paragraph(escape(f"{a.get_rating_display()}. {a.text}"), styles["Normal"]))
        else:
            story.append(Paragraph(escape(_("Ingen publicerad bedömning för året.")), styles["Normal"]))
        story.append(Spacer(1, 4 * mm))
        if on_goal:
            on_goal(done, len(goals))
    doc.build(story)
    return buffer.getvalue()
