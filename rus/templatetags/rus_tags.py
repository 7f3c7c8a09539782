from django import template

from rus.formatting import format_number
from rus.status import STATUS_CSS, Status

register = template.Library()


@register.filter
def num(value, decimals=None):
    """Swedish number format: 12 345,6."""
    if value is None or value == "":
        return "–"
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def status_css(code):
    return STATUS_CSS.get(Status(code), "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def unit(value):
    """An indicator's unit in the page's language (rus.units)."""
    from rus.units import unit_label

    return unit_label(value)
