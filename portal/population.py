"""Reading population files (CSV or XLSX with an lg_code and a population column).

Only parsing lives here: which rows are acceptable is decided in services.preview_population_import.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from portal.exceptions import PortalError
from portal.models import lg_check_digit

CODE_HEADERS = {"lg_code", "団体コード", "地方公共団体コード", "code"}
POPULATION_HEADERS = {"population", "人口", "総数", "人口総数", "計"}
XLSX_MAGIC = b"PK\x03\x04"


def _normalise_header(value) -> str:
    return str(value or "").strip().replace("\u3000", "").replace(" ", "").lower()


def normalise_code(raw: str) -> str:
    """Accept 6-digit codes and 総務省's 5-digit codes (without check digit); full-width digits too."""
    code = str(raw or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if code.endswith(".0"):  # spreadsheet numbers
        code = code[:-2]
    if code.isdigit() and len(code) in (4, 5):
        code = code.zfill(5)
        return code + str(lg_check_digit(code))
    if code.isdigit() and len(code) == 6:
        return code
    return code


def _table_from_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PortalError(_("CSVの文字コードを読み取れません。UTF-8またはShift_JISで保存してください。"))
    if "\x00" in text:
        raise PortalError(_("CSVファイルではないようです。ファイルの形式を確認してください。"))
    return [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]


def _table_from_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    # The file is untrusted: a damaged zip, malformed XML in any part, a missing sheet or an odd
    # cell type can fail in openpyxl in many ways, while opening or while reading rows. Each means
    # the same thing to the person uploading it.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [
                ["" if cell is None else str(cell) for cell in row]
                for row in sheet.iter_rows(values_only=True)
                if any(cell not in (None, "") for cell in row)
            ]
        finally:
            workbook.close()
    except Exception as error:
        raise PortalError(_("Excelファイルを開けません。XLSX形式で保存し直してください。")) from error


def read_population_file(data: bytes, file_name: str) -> list[dict]:
    """Rows as {"line", "lg_code", "population_raw"}; the type is decided by content, not the name."""
    if not data:
        raise PortalError(_("ファイルが空です。"))
    table = _table_from_xlsx(data) if data.startswith(XLSX_MAGIC) else _table_from_csv(data)
    if not table:
        raise PortalError(_("ファイルにデータがありません。"))
    header = [_normalise_header(cell) for cell in table[0]]
    code_col = next((i for i, h in enumerate(header) if h in CODE_HEADERS), None)
    pop_col = next((i for i, h in enumerate(header) if h in POPULATION_HEADERS), None)
    if code_col is None or pop_col is None:
        raise PortalError(_("1行目に「lg_code」（団体コード）と「population」（人口）の列見出しが必要です。"))
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        cells = [*cells, "", ""]
        rows.append(
            {
                "line": line,
                "lg_code": normalise_code(cells[code_col]),
                "population_raw": str(cells[pop_col]).strip(),
            }
        )
    return rows


def parse_population(raw: str) -> int | None:
    """An integer population from '12,345', '１２３４５' or '12345.0'; None when not a whole number."""
    text = raw.translate(str.maketrans("０１２３４５６７８９，", "0123456789,")).replace(",", "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None
