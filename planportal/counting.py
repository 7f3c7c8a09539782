"""Counts that stop at a cap, so that a count never costs more than reading cap + 1 rows.

A search over 200,000 documents may have 130,000 hits; counting them all costs as much as
reading them all. ``capped_count`` counts at most ``cap + 1`` rows (``SELECT count(*) FROM
(SELECT ... LIMIT cap + 1)``) and says whether it stopped; what a user sees must then say so:
``format_capped_count`` (and the template filter ``capped_count`` in ``{% load counting %}``)
renders "fler än 10 000" / "more than 10,000".
"""

from django.utils import formats
from django.utils.translation import gettext as _

DEFAULT_CAP = 10_000


def capped_count(queryset, cap=DEFAULT_CAP):
    """Return ``(count, capped)``: the exact count when it is at most ``cap``, else ``(cap, True)``.

    The rows are counted through a LIMITed subquery, so the database stops after ``cap + 1``
    rows; the queryset's ordering is dropped first (it changes nothing in a count and would make
    the database sort every hit).
    """
    if cap is None or cap < 0:
        raise ValueError("cap must be a non-negative number")
    query = queryset.query
    if query.is_sliced:
        # Already limited by the caller: count what it selects, capped all the same.
        total = queryset.count()
        return (cap, True) if total > cap else (total, False)
    if not query.distinct_fields:  # DISTINCT ON needs its ORDER BY
        queryset = queryset.order_by()
    total = queryset[: cap + 1].count()
    if total > cap:
        return cap, True
    return total, False


def format_capped_count(count, capped=False):
    """The count as a user reads it: "1 234", or "fler än 10 000" when the count stopped at its cap."""
    number = formats.number_format(count, force_grouping=True)
    if capped:
        return _("fler än %(count)s") % {"count": number}
    return number
