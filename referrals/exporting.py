"""Referral lists as files: CSV (UTF-8 with BOM for Excel, safe from formula injection) and
GeoJSON (the plan areas, EPSG:4326). The caller passes a queryset that already applies the
visibility rules and the page's filters; only the register's columns are written."""

import csv
import io

from django.db.models import Case, CharField, F, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import Phase, PlanType, Referral, Reply
from .selectors_public import areas_feature_collection, case_url_expr

BOM = "\ufeff"
# A cell starting with one of these is a formula to Excel/LibreOffice (and tab/CR can smuggle one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The text of a cell, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _columns():
    return [
        ("diary_number", _("Diarienummer")),
        ("received", _("Inkommen")),
        ("sender__name", _("Avsändare")),
        ("sender_reference", _("Avsändarens beteckning")),
        ("plan_name", _("Planens namn")),
        ("plan_type", _("Plantyp")),
        ("phase", _("Skede")),
        ("deadline", _("Sista svarsdag")),
        ("status", _("Status")),
        ("reply_sent_on", _("Yttrande skickat")),
        ("url", _("Länk")),
    ]


def csv_rows(queryset, *, user, base_url: str = ""):
    """Yields the CSV text in chunks (header first, BOM in front): one query, rows streamed."""
    columns = _columns()
    labels = {
        "plan_type": dict(PlanType.choices),
        "phase": dict(Phase.choices),
        "status": dict(Referral.Status.choices),
    }
    rows = (
        queryset.annotate(
            reply_sent_on=Case(
                When(reply__status=Reply.Status.SENT, then=Cast(F("reply__sent_on"), CharField())),
                default=None,
                output_field=CharField(),
            ),
            url=case_url_expr(user),
        )
        .values_list(*(name for name, _label in columns))
        .iterator(chunk_size=2000)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _name, label in columns])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(rows, start=1):
        cells = []
        for (name, _label), value in zip(columns, row, strict=True):
            if name in labels:
                value = labels[name].get(value, value)
            elif name == "url":
                value = base_url + value
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            cells.append(safe_cell(value))
        writer.writerow(cells)
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson_text(*, user, filters: dict) -> str:
    return areas_feature_collection(user=user, filters=filters)
