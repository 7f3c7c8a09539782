"""Numbers as people read them: Swedish `12 345,6` (English `12,345.6`), through Django's locale formats."""

from decimal import Decimal

from django.utils import formats


def format_number(value, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    value = Decimal(str(value))
    if decimals is None:
        # Show what the figure carries, at most three decimals, no trailing zeros.
        value = value.quantize(Decimal("0.001")).normalize()
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
