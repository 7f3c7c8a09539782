"""Status against target (part 3): where the latest value stands against the straight path
from the baseline to the target.

The expected value in year Y is the point on the line from (baseline year, baseline value)
to (target year, target value); after the target year it is the target value itself.
The gap is how far the latest value is ahead of that path, counted in the better direction.

- on track (i fas):       gap >= 0, the value is on or ahead of the path;
- at risk (risk att missa målet): behind the path by at most AT_RISK_SHARE of the whole planned change;
- off track (ej i fas):   further behind than that;
- no data (uppgift saknas): no value in or after the baseline year.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext, gettext_lazy

from .formatting import format_number

AT_RISK_SHARE = Decimal("0.10")


class Status(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("I fas")
    AT_RISK = "at_risk", gettext_lazy("Risk att målet inte nås")
    OFF_TRACK = "off_track", gettext_lazy("Ej i fas")
    NO_DATA = "no_data", gettext_lazy("Uppgift saknas")


# CSS modifier of the site's .status badge; the text always says the status too.
STATUS_CSS = {
    Status.ON_TRACK: "status--ok",
    Status.AT_RISK: "status--warn",
    Status.OFF_TRACK: "status--bad",
    Status.NO_DATA: "status--none",
}


@dataclass(frozen=True)
class StatusResult:
    status: Status
    expected: Decimal | None = None
    latest_year: int | None = None
    latest_value: Decimal | None = None
    gap: Decimal | None = None
    tolerance: Decimal | None = None
    explanation: str = ""

    @property
    def label(self):
        return self.status.label

    @property
    def css(self):
        return STATUS_CSS[self.status]


def expected_value(*, baseline_year, baseline_value, target_year, target_value, year) -> Decimal:
    baseline_value, target_value = Decimal(baseline_value), Decimal(target_value)
    if year >= target_year:
        return target_value
    if year <= baseline_year:
        return baseline_value
    share = Decimal(year - baseline_year) / Decimal(target_year - baseline_year)
    return baseline_value + (target_value - baseline_value) * share


def compute_status(
    *, baseline_year, baseline_value, target_year, target_value, higher_is_better: bool, latest
) -> StatusResult:
    """`latest` is (year, value) of the newest value, or None."""
    if latest is None or latest[0] is None or latest[0] < baseline_year:
        return StatusResult(
            Status.NO_DATA,
            explanation=gettext("Det finns inget värde från utgångsåret %(year)s eller senare.")
            % {"year": baseline_year},
        )
    year, value = latest[0], Decimal(latest[1])
    expected = expected_value(
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        target_year=target_year,
        target_value=target_value,
        year=year,
    )
    sign = 1 if higher_is_better else -1
    gap = (value - expected) * sign
    tolerance = abs(Decimal(target_value) - Decimal(baseline_value)) * AT_RISK_SHARE
    if gap >= 0:
        status = Status.ON_TRACK
    elif -gap <= tolerance:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    params = {
        "year": year,
        "value": format_number(value),
        "expected": format_number(expected.quantize(Decimal("0.01"))),
        "by": format_number(tolerance.quantize(Decimal("0.01"))),
        "direction": gettext("högre") if higher_is_better else gettext("lägre"),
    }
    if status == Status.ON_TRACK:
        text = gettext(
            "Senaste värdet (%(year)s) är %(value)s. Enligt en rak linje från utgångsvärdet till målet "
            "borde det vara %(expected)s det året; värdet ligger i fas eller före (%(direction)s är bättre)."
        )
    elif status == Status.AT_RISK:
        text = gettext(
            "Senaste värdet (%(year)s) är %(value)s, men enligt en rak linje mot målet borde det vara "
            "%(expected)s. Eftersläpningen är högst en tiondel av hela den planerade förändringen (%(by)s), "
            "så målet riskerar att inte nås (%(direction)s är bättre)."
        )
    else:
        text = gettext(
            "Senaste värdet (%(year)s) är %(value)s, men enligt en rak linje mot målet borde det vara "
            "%(expected)s. Eftersläpningen är större än en tiondel av hela den planerade förändringen "
            "(%(by)s) (%(direction)s är bättre)."
        )
    return StatusResult(
        status,
        expected=expected,
        latest_year=year,
        latest_value=value,
        gap=gap,
        tolerance=tolerance,
        explanation=text % params,
    )


def indicator_status(indicator, latest) -> StatusResult:
    return compute_status(
        baseline_year=indicator.baseline_year,
        baseline_value=indicator.baseline_value,
        target_year=indicator.target_year,
        target_value=indicator.target_value,
        higher_is_better=indicator.better == "higher",
        latest=latest,
    )
