"""The same workbook in openpyxl's write-only mode, the streaming writer XlsxWriter was measured
against (bench/scale.py). Write-only openpyxl writes the column widths before the first row, so
they come from the headers here; every other cell and format is the shipped file's."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.i18n import Gettext
from bot.views.report_columns import record_columns, summary_columns
from bot.views.xlsx import ILLEGAL, MAX_WIDTH, RECORDS_SHEET, SUMMARY_SHEET, display_width
from data.reports import StreamedReport

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
CORRECTED_FILL = PatternFill("solid", fgColor="FFF2CC")


def write_only_bytes(report: StreamedReport, _: Gettext) -> bytes:
    book = Workbook(write_only=True)
    _fill(book.create_sheet(SUMMARY_SHEET), summary_columns(_), report.volunteers, _)
    records = book.create_sheet(RECORDS_SHEET)
    _fill(records, record_columns(_), report.records, _, marked=lambda row: row.corrected)
    book.properties.creator = "shiftbot"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, columns: list[Any], rows: Any, _: Gettext, marked: Any = None) -> None:
    headers = [_(column.header) for column in columns]
    for number, header in enumerate(headers, start=1):
        width = min(display_width(header) + 2, MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    top = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        top.append(cell)
    sheet.append(top)
    line = 1
    for row in rows:
        line += 1
        highlight = marked is not None and marked(row)
        cells = []
        for column in columns:
            value = column.value(row)
            if isinstance(value, str):
                value = ILLEGAL.sub("", value) or None
            cell = WriteOnlyCell(sheet, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            if column.number_format:
                cell.number_format = column.number_format
            if highlight:
                cell.fill = CORRECTED_FILL
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{line}"
