"""The reply (yttrande) as a document: the context shared by the print-friendly HTML page and the
PDF (reportlab, in the house style of rus/reports.py): the Region's heading, the diary number,
the sender's reference, the points with the RUS goals they cite."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Reply

REGION = "Region Örebro län"


def reply_context(reply: Reply) -> dict:
    referral = reply.referral
    points = list(reply.points.prefetch_related("goals").order_by("order", "pk"))
    return {
        "reply": reply,
        "referral": referral,
        "points": points,
        "region": REGION,
        "date": reply.sent_on or timezone.localdate(),
        "is_example": referral.is_example,
    }


def reply_pdf(reply: Reply) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ctx = reply_context(reply)
    referral = ctx["referral"]
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Yttrande %(number)s") % {"number": referral.diary_number},
        author=REGION,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
    )

    def para(text, style="Normal"):
        # User text is escaped; line breaks kept.
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), styles[style])

    facts = [
        [_("Diarienummer"), referral.diary_number],
        [_("Er beteckning"), referral.sender_reference or "–"],
        [_("Datum"), ctx["date"].isoformat()],
        [_("Till"), reply.sent_to or referral.sender.name],
    ]
    table = Table([[para(a), para(b)] for a, b in facts], colWidths=[40 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), 9)]))
    story = [para(REGION, "Heading3"), table, Spacer(1, 6 * mm)]
    story.append(para(_("Yttrande över %(plan)s") % {"plan": referral.plan_name}, "Title"))
    story.append(
        para(
            _("%(sender)s, %(type)s, %(phase)s")
            % {
                "sender": referral.sender.name,
                "type": referral.get_plan_type_display(),
                "phase": referral.get_phase_display().lower(),
            },
            "Italic",
        )
    )
    if reply.status != Reply.Status.SENT:
        story.append(para(_("Utkast – ej skickat (%(status)s)") % {"status": reply.get_status_display()}, "Italic"))
    if ctx["is_example"]:
        story.append(para(_("Exempeldata: ärendet är påhittat."), "Italic"))
    story.append(Spacer(1, 4 * mm))
    if reply.introduction:
        story.append(para(reply.introduction))
    for n, point in enumerate(ctx["points"], start=1):
        story.append(para(f"{n}. {point.heading}" if point.heading else f"{n}.", "Heading3"))
        story.append(para(point.text))
        goals = list(point.goals.all())
        if goals:
            cited = ", ".join(f"{g.code} {g.name}" for g in goals)
            story.append(para(_("RUS-effektmål: %(goals)s") % {"goals": cited}, "Italic"))
    if reply.conclusion:
        story.append(Spacer(1, 4 * mm))
        story.append(para(reply.conclusion))
    if reply.approved_by:
        story.append(Spacer(1, 6 * mm))
        story.append(
            para(_("Godkänt av %(name)s") % {"name": reply.approved_by.get_full_name() or reply.approved_by.username})
        )
    doc.build(story)
    return buffer.getvalue()
