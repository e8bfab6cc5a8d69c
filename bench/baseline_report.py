"""The report as it was built before it streamed, kept for bench/scale.py's baseline only.

Every record loaded as three ORM entities and filtered by local date in Python, totals summed in
Python, the workbook written by openpyxl in its normal (whole workbook in memory) mode. The
columns are today's (bot/views/report_columns.py), so both files hold the same cells.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlmodel import Session, col, select

from bot.i18n import Gettext
from bot.views.report_columns import record_columns, summary_columns
from bot.views.xlsx import RECORDS_SHEET, SHOWN_WIDTH, SUMMARY_SHEET, display_width
from data.models import Attendance, AttendanceChange, Shift, Signup, Team, Volunteer
from data.report_queries import COUNTED
from data.reports import Period, hours_value

MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class OldRecord:
    attendance: Attendance
    shift: Shift
    volunteer: Volunteer
    team: str | None
    corrections: int
    last_reason: str | None
    corrected_by: str | None

    @property
    def day(self) -> date:
        return self.shift.starts_at.astimezone(ZoneInfo(self.shift.tz)).date()

    @property
    def corrected(self) -> bool:
        return self.corrections > 0


@dataclass(frozen=True)
class OldTotals:
    volunteer: Volunteer
    team: str | None
    counts: dict[str, int]
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_value(self.minutes)


@dataclass(frozen=True)
class OldReport:
    period: Period
    volunteers: list[OldTotals]
    records: list[OldRecord]


def old_report(session: Session, period: Period) -> OldReport:
    records = _records(session, period)
    return OldReport(period, _totals(records), records)


def _window(query: Any, period: Period) -> Any:
    low = datetime.combine(period.first, time(), tzinfo=UTC) - MARGIN
    high = datetime.combine(period.last, time(), tzinfo=UTC) + 2 * MARGIN
    return query.where(col(Shift.starts_at) >= low, col(Shift.starts_at) < high)


def _records(session: Session, period: Period) -> list[OldRecord]:
    query = (
        select(Attendance, Shift, Volunteer, Team.name)
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .join(Volunteer, col(Volunteer.id) == col(Signup.volunteer_id))
        .outerjoin(Team, col(Team.id) == col(Volunteer.team_id))
        .where(col(Attendance.closed_at).is_not(None))
        .order_by(col(Shift.starts_at), col(Shift.id), col(Volunteer.display_name), col(Signup.id))
    )
    history = _history(session, period)
    rows = []
    for record, shift, person, team in session.exec(_window(query, period)):
        count, reason, by = history.get(record.id or 0, (0, None, None))
        row = OldRecord(record, shift, person, team, count, reason, by)
        if period.contains(row.day):
            rows.append(row)
    return rows


def _history(session: Session, period: Period) -> dict[int, tuple[int, str | None, str | None]]:
    query = (
        select(AttendanceChange, Volunteer.display_name)
        .join(Attendance, col(Attendance.id) == col(AttendanceChange.attendance_id))
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .outerjoin(Volunteer, col(Volunteer.id) == col(AttendanceChange.changed_by))
        .order_by(col(AttendanceChange.changed_at), col(AttendanceChange.id))
    )
    found: dict[int, tuple[int, str | None, str | None]] = {}
    for change, by in session.exec(_window(query, period)):
        count = found.get(change.attendance_id, (0, None, None))[0]
        found[change.attendance_id] = (count + 1, change.reason, by)
    return found


def _totals(records: list[OldRecord]) -> list[OldTotals]:
    counts: dict[int, Counter[str]] = {}
    minutes: Counter[int] = Counter()
    first: dict[int, OldRecord] = {}
    for row in records:
        key = row.volunteer.id or 0
        first.setdefault(key, row)
        counts.setdefault(key, Counter())[row.attendance.status] += 1
        minutes[key] += row.attendance.credited_minutes
    rows = [
        OldTotals(row.volunteer, row.team, {s: counts[k][s] for s in COUNTED}, minutes[k])
        for k, row in first.items()
    ]
    return sorted(rows, key=lambda r: (r.team or "", r.volunteer.display_name, r.volunteer.id or 0))


def old_workbook_bytes(report: OldReport, _: Gettext) -> bytes:
    """openpyxl, normal mode: every cell an object in memory until the file is saved."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    _fill(summary, summary_columns(_), report.volunteers, _)
    records = book.create_sheet(RECORDS_SHEET)
    _fill(records, record_columns(_), report.records, _, marked=lambda row: row.corrected)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, columns: list[Any], rows: list[Any], _: Gettext, marked: Any = None) -> None:
    headers = [_(column.header) for column in columns]
    for number, header in enumerate(headers, start=1):
        cell = sheet.cell(1, number, header)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(vertical="center")
    widths = [display_width(header) for header in headers]
    fill = PatternFill("solid", fgColor="FFF2CC")
    for line, row in enumerate(rows, start=2):
        highlight = marked is not None and marked(row)
        for number, column in enumerate(columns, start=1):
            value = column.value(row)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(line, number, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            if column.number_format:
                cell.number_format = column.number_format
            if highlight:
                cell.fill = fill
            shown = (
                SHOWN_WIDTH[column.number_format]
                if isinstance(value, date) and column.number_format
                else display_width("" if value is None else str(value))
            )
            widths[number - 1] = max(widths[number - 1], shown)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, 48)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
