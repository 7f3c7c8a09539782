"""Referral statistics at /remisser/statistik/: each figure as a chart with its table beside it
and as a CSV file. Public (aggregates of what the register shows; see referrals.stats)."""

import json

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from planportal.csvexport import csv_response

from .. import stats


def _form_and_filters(request):
    form = stats.StatisticsFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k not in form.errors}
    return form, filters


def _chart(kind, labels, series, *, unit="", horizontal=False, percent=False, integer=None):
    return json.dumps(
        {
            "type": kind,
            "labels": [str(label) for label in labels],
            "series": [{"label": str(label), "data": data} for label, data in series],
            "unit": str(unit),
            "horizontal": horizontal,
            "percent": percent,
            # Counts have whole-number ticks; medians and shares may fall between.
            "integer": (not percent and not unit) if integer is None else integer,
        }
    )


def figures(data: dict, table_data: dict) -> list[dict]:
    years = [y["year"] for y in data["years"]]
    cases_label = _("Remisser")

    def counts(rows):
        return [r["label"] for r in rows], [(cases_label, [r["cases"] for r in rows])]

    def per_year(label, key):
        return [(label, [y[key] for y in data["years"]])]

    specs = [
        ("per-ar", _("Remisser per år"), _chart("bar", years, [(cases_label, [y["cases"] for y in data["years"]])])),
        (
            "per-avsandare",
            _("Remisser per avsändare"),
            _chart(
                "bar",
                [r["label"] for r in data["senders"]],
                [(cases_label, [r["cases"] for r in data["senders"]])],
                horizontal=True,
            ),
        ),
        (
            "per-plantyp",
            _("Remisser per plantyp"),
            _chart("bar", *counts(data["plan_types"])),
        ),
        (
            "per-skede",
            _("Remisser per skede"),
            _chart("bar", *counts(data["phases"])),
        ),
        (
            "svarstid",
            _("Mediantid till svar (dagar från inkommen till skickat yttrande)"),
            _chart("bar", years, [(_("Median dagar"), [y["median_days"] for y in data["years"]])], unit=_("dagar")),
        ),
        (
            "i-tid",
            _("Andel yttranden skickade i tid (senast sista svarsdag, med anstånd)"),
            _chart("bar", years, [(_("Andel i tid (%)"), [y["on_time_share"] for y in data["years"]])], percent=True),
        ),
        (
            "avstatt",
            _("Andel avslutade remisser där Regionen avstod från att yttra sig"),
            _chart("bar", years, per_year(_("Andel avstått (%)"), "declined_share"), percent=True),
        ),
        (
            "utfall",
            _("Hur yttrandenas punkter beaktades (bland punkter med registrerat utfall)"),
            _chart(
                "bar",
                [r["label"] for r in data["outcomes"]["items"]],
                [(_("Punkter"), [r["points"] for r in data["outcomes"]["items"]])],
            ),
        ),
    ]
    return [
        {"key": key, "title": title, "chart": chart, "headers": table_data[key][0], "rows": table_data[key][1]}
        for key, title, chart in specs
    ]


class StatisticsView(TemplateView):
    template_name = "referrals/public/statistics.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, filters = _form_and_filters(self.request)
        data = stats.referral_statistics(user=self.request.user, filters=filters)
        query = self.request.GET.copy()
        for key in form.errors:
            query.pop(key, None)
        ctx.update(
            form=form,
            data=data,
            figures=figures(data, stats.tables(data)),
            query=query.urlencode(),
        )
        return ctx


class StatisticsCsvView(View):
    def get(self, request, table):
        form, filters = _form_and_filters(request)
        data = stats.referral_statistics(user=request.user, filters=filters)
        all_tables = stats.tables(data)
        if table not in all_tables:
            raise Http404(_("Det finns ingen sådan tabell i statistiken."))
        headers, rows = all_tables[table]
        response, writer = csv_response(f"remisstatistik-{table}.csv")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_number(v) for v in row])
        return response


def _csv_number(value):
    # Swedish spreadsheets read a decimal comma.
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


urlpatterns = [
    path("remisser/statistik/", StatisticsView.as_view(), name="statistics"),
    path("remisser/statistik/<slug:table>.csv", StatisticsCsvView.as_view(), name="statistics_csv"),
]
