"""``{% load counting %}``: ``{{ total|capped_count:total_capped }}`` → "1 234" or "fler än 10 000".

Also takes the ``(count, capped)`` pair that ``planportal.counting.capped_count`` returns:
``{{ pair|capped_count }}``.
"""

from django import template

from planportal.counting import format_capped_count

register = template.Library()


@register.filter(name="capped_count")
def capped_count_filter(value, capped=False):
    if isinstance(value, tuple | list) and len(value) == 2:
        value, capped = value
    if value is None or value == "":
        return ""
    return format_capped_count(value, bool(capped))
