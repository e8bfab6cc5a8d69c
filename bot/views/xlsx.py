"""The service-hours workbook the bureau receives: a summary sheet and a sheet of every record.

Headers and statuses are in the coordinator's language; the sheet names are bilingual so both
readers find them. Dates and times are real Excel values in the shift's local time (Excel has no
zones), hours are numbers shown with one decimal, and the header row stays frozen and bold.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any, Generic, TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import N_, Gettext
from bot.notices.attendance import status_label
from data.localtime import wall_time
from data.models import AttendanceStatus
from data.reports import Period, RecordRow, ServiceReport, VolunteerRow, hours_value

SUMMARY_SHEET = "汇总 Summary"
RECORDS_SHEET = "明细 Records"
DATE, TIME, HOURS, WHOLE = "yyyy-mm-dd", "hh:mm", "0.0", "0"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
CORRECTED_FILL = PatternFill("solid", fgColor="FFF2CC")
MAX_WIDTH = 48
# What a cell of each number format shows, for column widths (values need not be read).
SHOWN_WIDTH = {DATE: 10, TIME: 5}


Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A header msgid, how to read a row's value, and the Excel number format if any."""

    header: str
    value: Callable[[Row], Any]
    number_format: str | None = None


def file_name(period: Period) -> str:
    """``service-hours-2026-12.xlsx``, ``service-hours-2026.xlsx`` or a first_last range."""
    return f"service-hours-{period.label}.xlsx"


def workbook_bytes(report: ServiceReport, _: Gettext) -> bytes:
    """The report as an .xlsx file."""
    book = Workbook()
    summary = book.active
    assert isinstance(summary, Worksheet)
    summary.title = SUMMARY_SHEET
    _fill(summary, summary_columns(_), report.volunteers, _)
    records = book.create_sheet(RECORDS_SHEET)
    _fill(records, record_columns(_), report.records, _, marked=lambda row: row.corrected)
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    book.properties.title = _("Service hours {first} to {last}").format(first=first, last=last)
    book.properties.creator = "shiftbot"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def summary_columns(_: Gettext) -> list[Column[VolunteerRow]]:
    def count(status: str) -> Callable[[VolunteerRow], int]:
        return lambda row: row.counts[status]

    return [
        Column(N_("Name"), lambda r: r.volunteer.display_name),
        Column(N_("Username"), lambda r: _at(r.volunteer.username)),
        Column(N_("Phone"), lambda r: r.volunteer.phone or ""),
        Column(N_("Team"), lambda r: r.team or ""),
        Column(N_("Present"), count(AttendanceStatus.PRESENT), WHOLE),
        Column(N_("Late"), count(AttendanceStatus.LATE), WHOLE),
        Column(N_("Absent"), count(AttendanceStatus.ABSENT), WHOLE),
        Column(N_("Excused"), count(AttendanceStatus.EXCUSED), WHOLE),
        Column(N_("Credited minutes"), lambda r: r.minutes, WHOLE),
        Column(N_("Service hours"), lambda r: r.hours, HOURS),
    ]


def record_columns(_: Gettext) -> list[Column[RecordRow]]:
    return [
        Column(N_("Date"), lambda r: r.day, DATE),
        Column(N_("Start"), lambda r: _local(r.shift.starts_at, r.shift.tz), TIME),
        Column(N_("End"), lambda r: _local(r.shift.ends_at, r.shift.tz), TIME),
        Column(N_("Shift No."), lambda r: r.shift.id, WHOLE),
        Column(N_("Shift"), lambda r: r.shift.title),
        Column(N_("Service location"), lambda r: r.shift.location),
        Column(N_("Volunteer"), lambda r: r.volunteer.display_name),
        Column(N_("Status"), lambda r: status_label(r.attendance.status, _)),
        Column(N_("Check-in"), lambda r: _local(r.attendance.checked_in_at, r.shift.tz), TIME),
        Column(N_("Check-out"), lambda r: _local(r.attendance.checked_out_at, r.shift.tz), TIME),
        Column(N_("Credited minutes"), lambda r: r.attendance.credited_minutes, WHOLE),
        Column(N_("Service hours"), lambda r: hours_value(r.attendance.credited_minutes), HOURS),
        Column(N_("Corrected"), lambda r: _("Yes") if r.corrected else _("No")),
        Column(N_("Last correction reason"), lambda r: r.last_reason or ""),
        Column(N_("Corrected by"), lambda r: r.corrected_by or ""),
    ]


def _fill(
    sheet: Worksheet,
    columns: list[Column[Row]],
    rows: list[Row],
    _: Gettext,
    marked: Callable[[Row], bool] = lambda row: False,
) -> None:
    """Header row (bold, frozen, filterable), one line per row (``marked`` ones highlighted),
    then column widths. Cells are written one by one: whole-row lookups would be quadratic."""
    headers = [_(column.header) for column in columns]
    for number, header in enumerate(headers, start=1):
        cell = sheet.cell(1, number, header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [display_width(header) for header in headers]
    for line, row in enumerate(rows, start=2):
        highlight = marked(row)
        for number, column in enumerate(columns, start=1):
            value = _clean(column.value(row))
            cell = sheet.cell(line, number, value)
            if isinstance(value, str) and value.startswith("="):
                # Names and reasons are typed by people: text, never a formula Excel would run.
                cell.data_type = "s"
            if column.number_format:
                cell.number_format = column.number_format
            if highlight:
                cell.fill = CORRECTED_FILL
            widths[number - 1] = max(widths[number - 1], _shown_width(value, column.number_format))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _clean(value: Any) -> Any:
    """Text without the control characters an .xlsx cannot hold (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown_width(value: Any, number_format: str | None) -> int:
    if isinstance(value, date) and number_format is not None:
        return SHOWN_WIDTH[number_format]
    return display_width("" if value is None else str(value))


def _local(instant: datetime | None, tz: str) -> datetime | None:
    """An instant as the naive local wall time Excel stores (it has no time zones)."""
    if instant is None:
        return None
    return wall_time(instant, tz)


def _at(username: str | None) -> str:
    return f"@{username}" if username else ""
