"""Checks of a list's filters for selectors that take the page's strings as they come: each
raises a ValidationError keyed by the parameter, saying what is wrong (Swedish; English when
chosen), so that a download never fails on a bad address without saying why."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def choice(filters: dict, key: str, choices) -> None:
    value = filters.get(key)
    values = [str(item[0]) if isinstance(item, (tuple, list)) else str(item) for item in choices]
    if value and value not in values:
        raise ValidationError(
            {
                key: _("Okänt värde ”%(value)s”. Välj ett av: %(values)s.")
                % {"value": value, "values": ", ".join(values)}
            }
        )


def integer(filters: dict, key: str, *, minimum: int | None = None, maximum: int | None = None) -> None:
    value = filters.get(key)
    if not value:
        return
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: _("Ange ett heltal, t.ex. 2026.")}) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValidationError({key: _("Ange ett tal från %(min)s till %(max)s.") % {"min": minimum, "max": maximum}})


def date(filters: dict, key: str) -> None:
    value = filters.get(key)
    if not value:
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({key: _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-15.")}) from None
