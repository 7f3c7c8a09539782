"""Referral lists as files: CSV (UTF-8 with BOM for Excel, safe from formula injection) and
GeoJSON (the plan areas, EPSG:4326). The caller passes a queryset that already applies the
visibility rules and the page's filters; only the register's columns are written."""

import csv
import io

from django.db.models import Case, CharField, F, Func, IntegerField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
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


def officer_columns(today=None):
    """The work list's extra columns (case officers only): who handles the case, days left
    (counted from today in Stockholm, as the work list does; not the database's UTC date)."""
    today = today or timezone.localdate()
    return [
        (
            "assignee_name",
            _("Handläggare"),
            Concat(
                Coalesce(F("assignee__first_name"), Value("")),
                Value(" "),
                Coalesce(F("assignee__last_name"), Value("")),
                output_field=CharField(),
            ),
        ),
        (
            "days_left",
            _("Dagar kvar"),
            Func(
                F("deadline"), Value(today), arg_joiner=" - ", template="(%(expressions)s)", output_field=IntegerField()
            ),
        ),
    ]


def csv_rows(queryset, *, user, base_url: str = "", extra_columns=()):
    """Yields the CSV text in chunks (header first, BOM in front): one query, rows streamed.
    `extra_columns`: (name, header, expression) added after the register's columns."""
    columns = _columns() + [(name, label) for name, label, _expr in extra_columns]
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
            **{name: expression for name, _label, expression in extra_columns},
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
            elif name == "assignee_name":
                value = (value or "").strip()
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
