"""Indicator units in the page's language (issue 12: "procent" and "antal/1 000 inv." on English
pages). An indicator's unit is stored as the Swedish abbreviation the portal's sources use;
the units the portal knows are shown translated, any other as stored (data written by people)."""

from django.utils.translation import pgettext_lazy

UNITS = {
    "procent": pgettext_lazy("indicator unit", "procent"),
    "%": "%",
    "antal": pgettext_lazy("indicator unit", "antal"),
    "antal/1 000 inv.": pgettext_lazy("indicator unit", "antal/1 000 inv."),
    "antal/inv.": pgettext_lazy("indicator unit", "antal/inv."),
    "resor/inv.": pgettext_lazy("indicator unit", "resor/inv."),
    "index": pgettext_lazy("indicator unit", "index"),
    "kr": pgettext_lazy("indicator unit", "kr"),
    "kr/inv.": pgettext_lazy("indicator unit", "kr/inv."),
    "år": pgettext_lazy("indicator unit", "år"),
    "minuter": pgettext_lazy("indicator unit", "minuter"),
    "ton CO2e/inv.": pgettext_lazy("indicator unit", "ton CO2e/inv."),
    "kWh/inv.": pgettext_lazy("indicator unit", "kWh/inv."),
    "km": pgettext_lazy("indicator unit", "km"),
    "hektar": pgettext_lazy("indicator unit", "hektar"),
}


def unit_label(unit: str) -> str:
    return str(UNITS.get((unit or "").strip(), unit or ""))
