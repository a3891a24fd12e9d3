"""Every CSV and XLSX file the portal writes, with cells that a spreadsheet cannot run.

A text cell beginning with = + - @, a tab or a carriage return is a formula to Excel and
LibreOffice (CSV injection, OWASP). Such a cell is written with a leading apostrophe, which the
spreadsheet shows as text; real numbers, including negative ones, are written as they are.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value):
    """The value as a spreadsheet should show it: text that would start a formula is quoted."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A UTF-8 CSV download with a byte-order mark (Excel reads UTF-8 only with one)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "data") -> bytes:
    """An XLSX workbook of one sheet; text cells are stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    for row in (header, *rows):
        sheet.append([safe_cell(cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # openpyxl would otherwise store "=…" as a formula
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, title: str = "data"
) -> HttpResponse:
    """The workbook of xlsx_bytes as a download, the twin of csv_response."""
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
