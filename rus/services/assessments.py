"""Assessments of the goals and the annual follow-up report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planportal.outbox import enqueue

from ..models import (
    AnnualReport,
    Assessment,
    PublicationStatus,
)
from ..permissions import can_assess
from .common import _require_editor


def assessment_save(*, actor, goal, year: int, rating: str, text: str, status=PublicationStatus.DRAFT) -> Assessment:
    if not can_assess(actor):
        raise PermissionDenied(_("Bara Regionens handläggare och redaktörer får skriva bedömningar."))
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Skriv en bedömning.")
    if rating not in Assessment.Rating.values:
        errors["rating"] = _("Välj en bedömning i listan.")
    if not (goal.strategy.period_start <= year <= goal.strategy.period_end + 1):
        errors["year"] = _("Året ska ligga inom strategins period %(start)s–%(end)s.") % {
            "start": goal.strategy.period_start,
            "end": goal.strategy.period_end,
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment, _created = Assessment.objects.update_or_create(
            goal=goal,
            year=year,
            defaults={"rating": rating, "text": text.strip(), "status": status, "author": actor},
        )
    return assessment


# --- the annual follow-up ----------------------------------------------------------------------


def report_request(*, actor, strategy, year: int) -> AnnualReport:
    """A new archived version of the annual follow-up for `year`, built by the worker."""
    _require_editor(actor)
    if not (strategy.period_start <= year <= strategy.period_end + 1):
        raise ValidationError(
            {
                "year": _("Välj ett år inom strategins period %(start)s–%(end)s.")
                % {"start": strategy.period_start, "end": strategy.period_end}
            }
        )
    with transaction.atomic():
        last = (
            AnnualReport.objects.select_for_update()
            .filter(strategy=strategy, year=year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        report = AnnualReport.objects.create(strategy=strategy, year=year, version=(last or 0) + 1, created_by=actor)
        from ..tasks import build_annual_report

        enqueue(build_annual_report, report.pk)
    return report
