"""Referral statistics, computed with aggregate SQL in a fixed number of statements (five),
over the cases the user may see and the statistics page's filters (year range, sender).

Everything counted is public in the register (cases, their sender, type, phase, status and
deadline, and the sent replies' dates and points), so the statistics are public too; unsent
replies' points are never counted."""

from django import forms
from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.forms import PortalForm

from .models import Outcome, Phase, PlanType, Referral, ReplyPoint


class StatisticsFilterForm(PortalForm):
    year_from = forms.IntegerField(label=_("Från år"), required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("Till år"), required=False, min_value=1990, max_value=2100)
    municipality = forms.ModelChoiceField(
        label=_("Avsändare"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alla"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            Organisation.objects.filter(referrals__isnull=False).distinct().order_by("-kind", "name")
        )
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "Okänd avsändare i filtret (municipality): välj en i listan."
        )
        for name in ("year_from", "year_to"):
            self.fields[name].error_messages["invalid"] = _("Ange ett årtal, t.ex. 2026.")

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", gettext("Till år kan inte vara före från år (%(start)s).") % {"start": start})
        return data


def filtered_cases(*, user, filters: dict):
    qs = Referral.objects.visible_to(user)
    if filters.get("year_from"):
        qs = qs.filter(diary_year__gte=filters["year_from"])
    if filters.get("year_to"):
        qs = qs.filter(diary_year__lte=filters["year_to"])
    if filters.get("municipality"):
        qs = qs.filter(sender=filters["municipality"])
    return qs


# Per year and in total (ROLLUP): cases, declined, closed, replies sent, sent on time (by the
# deadline including extensions), median days from received to sent.
PER_YEAR_SQL = """
SELECT r.diary_year,
       count(*),
       count(*) FILTER (WHERE r.status = 'declined'),
       count(*) FILTER (WHERE r.status IN ('answered', 'declined')),
       count(*) FILTER (WHERE rep.status = 'sent' AND rep.sent_on IS NOT NULL),
       count(*) FILTER (WHERE rep.status = 'sent' AND rep.sent_on <= greatest(r.deadline, ext.last_deadline)),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY rep.sent_on - r.received)
           FILTER (WHERE rep.status = 'sent' AND rep.sent_on IS NOT NULL)
FROM referrals_referral r
LEFT JOIN referrals_reply rep ON rep.referral_id = r.id
LEFT JOIN (SELECT referral_id, max(new_deadline) AS last_deadline
           FROM referrals_deadlineextension GROUP BY referral_id) ext ON ext.referral_id = r.id
WHERE r.id IN ({ids})
GROUP BY ROLLUP (r.diary_year)
ORDER BY r.diary_year NULLS LAST
"""


def _share(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def per_year(cases) -> list[dict]:
    sql, params = cases.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(PER_YEAR_SQL.format(ids=sql), params)
        rows = cursor.fetchall()
    result = []
    for year, total, declined, closed, sent, on_time, median in rows:
        if total == 0:
            continue
        result.append(
            {
                "year": year,  # None: all years
                "cases": total,
                "declined": declined,
                "closed": closed,
                "declined_share": _share(declined, closed),
                "sent": sent,
                "on_time": on_time,
                "on_time_share": _share(on_time, sent),
                "median_days": None if median is None else round(median, 1),
            }
        )
    return result


def _counts(cases, field: str, labels: dict | None = None, *, extra=()) -> list[dict]:
    rows = cases.order_by().values(field, *extra).annotate(n=Count("id")).order_by("-n", field)
    total = sum(r["n"] for r in rows)
    return [
        {
            "key": r[field],
            "label": str(labels.get(r[field], r[field])) if labels else r[field],
            "cases": r["n"],
            "share": _share(r["n"], total),
            **{k: r[k] for k in extra},
        }
        for r in rows
    ]


def outcomes(cases) -> dict:
    """Points of sent replies with a recorded outcome: counts per outcome, and the shares taken
    into account fully / partly / not among the assessed ones (not applicable left out)."""
    rows = dict(
        ReplyPoint.objects.filter(reply__referral__in=cases.values("pk"), reply__status="sent")
        .exclude(outcome="")
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("id"))
    )
    assessed = sum(rows.get(k, 0) for k in (Outcome.FULLY, Outcome.PARTLY, Outcome.NOT))
    items = [
        {
            "key": key,
            "label": str(label),
            "points": rows.get(key, 0),
            "share": None if key == Outcome.NOT_APPLICABLE else _share(rows.get(key, 0), assessed),
        }
        for key, label in Outcome.choices
    ]
    return {"items": items, "assessed": assessed, "total": sum(rows.values())}


def referral_statistics(*, user, filters: dict) -> dict:
    """All the figures of the statistics page: five statements whatever the number of cases."""
    cases = filtered_cases(user=user, filters=filters)
    years = per_year(cases)
    return {
        "years": [y for y in years if y["year"] is not None],
        "total": next((y for y in years if y["year"] is None), None),
        "senders": _counts(cases, "sender__name", extra=("sender__slug",)),
        "plan_types": _counts(cases, "plan_type", dict(PlanType.choices)),
        "phases": _counts(cases, "phase", dict(Phase.choices)),
        "outcomes": outcomes(cases),
    }


def tables(stats: dict) -> dict:
    """Each figure as (headers, rows) for its table and its CSV file."""
    year_rows = stats["years"]
    return {
        "per-ar": (
            [gettext("År"), gettext("Remisser")],
            [[y["year"], y["cases"]] for y in year_rows],
        ),
        "per-avsandare": (
            [gettext("Avsändare"), gettext("Remisser"), gettext("Andel (%)")],
            [[r["label"], r["cases"], r["share"]] for r in stats["senders"]],
        ),
        "per-plantyp": (
            [gettext("Plantyp"), gettext("Remisser"), gettext("Andel (%)")],
            [[r["label"], r["cases"], r["share"]] for r in stats["plan_types"]],
        ),
        "per-skede": (
            [gettext("Skede"), gettext("Remisser"), gettext("Andel (%)")],
            [[r["label"], r["cases"], r["share"]] for r in stats["phases"]],
        ),
        "svarstid": (
            [gettext("År"), gettext("Skickade yttranden"), gettext("Median dagar till svar")],
            [[y["year"], y["sent"], y["median_days"]] for y in year_rows],
        ),
        "i-tid": (
            [gettext("År"), gettext("Skickade yttranden"), gettext("Skickade i tid"), gettext("Andel i tid (%)")],
            [[y["year"], y["sent"], y["on_time"], y["on_time_share"]] for y in year_rows],
        ),
        "avstatt": (
            [gettext("År"), gettext("Avslutade remisser"), gettext("Avstått"), gettext("Andel avstått (%)")],
            [[y["year"], y["closed"], y["declined"], y["declined_share"]] for y in year_rows],
        ),
        "utfall": (
            [gettext("Utfall"), gettext("Punkter"), gettext("Andel av bedömda (%)")],
            [[r["label"], r["points"], r["share"]] for r in stats["outcomes"]["items"]],
        ),
    }
