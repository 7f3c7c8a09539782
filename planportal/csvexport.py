"""CSV files for people who open them in Excel or LibreOffice: UTF-8 with a BOM, semicolons
(the Swedish list separator), and every cell safe from formula injection (CSV injection,
OWASP): a text that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage
return before one) gets a leading apostrophe, which the spreadsheet shows as text.

Numbers (int, float, Decimal) are written as numbers: a negative count is not a formula. The
lists' downloads (exports app) write through SafeWriter."""

import csv
from decimal import Decimal

from django.http import HttpResponse

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The cell as written: numbers as they are, None as empty, text defused when it would be
    read as a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """csv.writer whose rows pass through safe_cell."""

    def __init__(self, stream, delimiter=";"):
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_response(filename, delimiter=";"):
    """An attachment response with the BOM written, and a SafeWriter on it: (response, writer)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    return response, SafeWriter(response, delimiter=delimiter)
