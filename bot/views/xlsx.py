"""The service-hours workbook the bureau receives: a summary sheet and a sheet of every record.

The sheet names are bilingual so both readers find them; two title rows (organisation, unit,
period, generated at) sit above the header row, which stays frozen and bold; names are in pinyin
order (the summary by unit, the records within each shift); corrected records are highlighted. Rows are written as they arrive, in XlsxWriter's
constant-memory mode: a year of records streams from the database to the file, and memory stays
flat (bench/scale.py measures it against openpyxl's write-only mode; XlsxWriter was faster).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from io import BytesIO
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from bot.i18n import Gettext
from bot.views.name_order import by_name, by_name_within
from bot.views.report_columns import DATE, TIME, Column, Row, record_columns, summary_columns
from bot.views.report_heading import Heading
from data.reports import RecordRow, ServiceReport, StreamedReport, VolunteerRow

SUMMARY_SHEET = "汇总 Summary"
RECORDS_SHEET = "明细 Records"
HEADER = {"bold": True, "bg_color": "#DDE4EE", "pattern": 1, "valign": "vcenter"}
CORRECTED = {"bg_color": "#FFF2CC", "pattern": 1}
TITLE = {"bold": True, "font_size": 14}
WRAP = {"text_wrap": True, "valign": "top"}
HEADER_ROW = 2  # below the title and the details line (0-based, as XlsxWriter counts)
MAX_WIDTH = 48
# What a cell of each number format shows, for column widths (values need not be read).
SHOWN_WIDTH = {DATE: 10, TIME: 5}
# Control characters an .xlsx cannot hold (the same set openpyxl refuses).
ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
PROGRESS_ROWS = 1_000  # rows between two calls of ``progress``

Progress = Callable[[int, int], None]


def workbook_bytes(
    report: StreamedReport | ServiceReport,
    heading: Heading,
    _: Gettext,
    progress: Progress | None = None,
) -> bytes:
    """The report as an .xlsx file; ``progress(rows written, rows in all)`` now and then."""
    out = BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    title = _("Service hours {first} to {last}").format(first=first, last=last)
    book.set_properties({"title": title, "author": "shiftbot"})
    total = len(report.volunteers) + report.record_count
    count = _Counter(total, progress or (lambda done, total: None))
    organisation = heading.organisation
    # The totals are in memory already; the records are sorted one shift at a time.
    volunteers = sorted(by_name(report.volunteers, _name), key=lambda row: row.team or "")
    summary = book.add_worksheet(SUMMARY_SHEET)
    _title(book, summary, heading, _)
    _fill(book, summary, summary_columns(_, organisation), volunteers, _, count)
    ordered = by_name_within(report.records, lambda row: row.shift.id, _name)
    records = book.add_worksheet(RECORDS_SHEET)
    _title(book, records, heading, _)
    columns = record_columns(_, organisation)
    _fill(book, records, columns, ordered, _, count, lambda r: r.corrected)
    book.close()
    count.finish()
    return out.getvalue()


def _name(row: VolunteerRow | RecordRow) -> str:
    return row.volunteer.display_name


def _title(book: xlsxwriter.Workbook, sheet: Worksheet, heading: Heading, _: Gettext) -> None:
    """Row 1 the title, row 2 unit, period and generated at, in the first column (they overflow
    into the empty cells beside them, so nothing is merged and filters and sorting still work)."""
    sheet.set_row(0, 22)
    sheet.write_string(0, 0, ILLEGAL.sub("", heading.title(_)), book.add_format(TITLE))
    sheet.write_string(1, 0, ILLEGAL.sub("", "\u3000\u3000".join(heading.details(_))))


class _Counter:
    """Counts written rows and tells ``progress`` every ``PROGRESS_ROWS`` of them."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def add(self) -> None:
        self.done += 1
        if self.done % PROGRESS_ROWS == 0:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        self.progress(self.total, self.total)


def _fill(
    book: xlsxwriter.Workbook,
    sheet: Worksheet,
    columns: list[Column[Row]],
    rows: Iterable[Row],
    _: Gettext,
    count: _Counter,
    marked: Callable[[Row], bool] = lambda row: False,
) -> None:
    """Header row (bold, frozen, filterable) below the title rows, one line per row (``marked``
    ones highlighted), then column widths, which XlsxWriter takes after the rows."""
    headers = [_(column.header) for column in columns]
    header = book.add_format(HEADER)
    for number, text in enumerate(headers):
        sheet.write_string(HEADER_ROW, number, text, header)
    widths = [display_width(text) for text in headers]
    plain, highlighted = _formats(book, columns)
    line = HEADER_ROW
    for line, row in enumerate(rows, start=HEADER_ROW + 1):
        formats = highlighted if marked(row) else plain
        for number, column in enumerate(columns):
            value = column.value(row)
            _write(sheet, line, number, value, formats[number])
            if widths[number] < MAX_WIDTH:
                widths[number] = _wider(widths[number], value, column.number_format)
        count.add()
    for number, width in enumerate(widths):
        sheet.set_column(number, number, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, line, len(columns) - 1)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _formats(
    book: xlsxwriter.Workbook, columns: list[Column[Any]]
) -> tuple[list[Format | None], list[Format]]:
    """Per column, the cell format of an ordinary row and of a highlighted one."""
    plain: list[Format | None] = []
    highlighted: list[Format] = []
    for column in columns:
        shown: dict[str, Any] = {"num_format": column.number_format} if column.number_format else {}
        if column.wrap:
            shown |= WRAP
        plain.append(book.add_format(shown) if shown else None)
        highlighted.append(book.add_format(shown | CORRECTED))
    return plain, highlighted


def _write(sheet: Worksheet, line: int, number: int, value: Any, style: Format | None) -> None:
    """One cell; names and reasons are typed by people: text, never a formula Excel would run."""
    if value is None or value == "":
        if style is not None:  # an empty cell still shows its row's highlight and format
            sheet.write_blank(line, number, None, style)
    elif isinstance(value, str):
        sheet.write_string(line, number, ILLEGAL.sub("", value), style)
    elif isinstance(value, date):
        sheet.write_datetime(line, number, value, style)
    else:
        sheet.write_number(line, number, float(value), style)


def _wider(width: int, value: Any, number_format: str | None) -> int:
    """``width``, or the columns ``value`` takes if more (skipping texts too short to matter)."""
    if isinstance(value, date) and number_format is not None:
        return max(width, SHOWN_WIDTH[number_format])
    text = "" if value is None else str(value)
    if 2 * len(text) <= width:  # even all double-width it would fit
        return width
    return max(width, display_width(text))


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK and full-width characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
