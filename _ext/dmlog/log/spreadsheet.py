"""CSV as the log writes it (`dmlog list`, `dmlog review`, the site's table downloads).

A CSV file is opened in a spreadsheet, which reads a cell starting with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula: ``=HYPERLINK(…)``
in a record's title would run there. Record text is untrusted, so such a cell is
written with a leading apostrophe, which spreadsheets show as text (OWASP's advice
on CSV injection). The site's script reads :data:`FORMULA_STARTS` from each table's
data, so that the site and the command guard the same characters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = "=+-@\t\r"


def cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(tuple(FORMULA_STARTS)) else text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A CSV file (header, then rows), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()
