"""The columns of the service-hours workbook: header msgids, how to read each value, formats.

Headers and statuses are in the coordinator's language. Dates and times are the shift's local
wall time (Excel has no zones); hours are numbers shown with one decimal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from bot.i18n import N_, Gettext
from bot.notices.attendance import status_label
from data.localtime import wall_time
from data.models import AttendanceStatus
from data.reports import RecordRow, VolunteerRow, hours_value

DATE, TIME, HOURS, WHOLE = "yyyy-mm-dd", "hh:mm", "0.0", "0"

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A header msgid, how to read a row's value, and the Excel number format if any."""

    header: str
    value: Callable[[Row], Any]
    number_format: str | None = None
    wrap: bool = False  # several lines in one cell


def summary_columns(_: Gettext, organisation: str = "") -> list[Column[VolunteerRow]]:
    """``organisation`` is the unit of those in no team."""

    def count(status: str) -> Callable[[VolunteerRow], int]:
        return lambda row: row.counts[status]

    return [
        Column(N_("Name"), lambda r: r.volunteer.display_name),
        Column(N_("Username"), lambda r: _at(r.volunteer.username)),
        Column(N_("Phone"), lambda r: r.volunteer.phone or ""),
        Column(N_("Team"), lambda r: r.team or organisation),
        Column(N_("Present"), count(AttendanceStatus.PRESENT), WHOLE),
        Column(N_("Late"), count(AttendanceStatus.LATE), WHOLE),
        Column(N_("Absent"), count(AttendanceStatus.ABSENT), WHOLE),
        Column(N_("Excused"), count(AttendanceStatus.EXCUSED), WHOLE),
        Column(N_("Credited minutes"), lambda r: r.minutes, WHOLE),
        Column(N_("Service hours"), lambda r: r.hours, HOURS),
    ]


def record_columns(_: Gettext, organisation: str = "") -> list[Column[RecordRow]]:
    """``organisation`` is the unit of a shift and a volunteer in no team."""
    # Translated once per file, not once per cell: a year has hundreds of thousands of rows.
    statuses: dict[str, str] = {status: status_label(status, _) for status in AttendanceStatus}
    yes, no = _("Yes"), _("No")

    def status(row: RecordRow) -> str:
        return statuses.get(row.attendance.status) or status_label(row.attendance.status, _)

    return [
        Column(N_("Date"), lambda r: r.day, DATE),
        Column(N_("Start"), lambda r: _local(r.shift.starts_at, r.shift.tz), TIME),
        Column(N_("End"), lambda r: _local(r.shift.ends_at, r.shift.tz), TIME),
        Column(N_("Shift No."), lambda r: r.shift.id, WHOLE),
        Column(N_("Shift"), lambda r: r.shift.title),
        Column(N_("Service location"), lambda r: r.shift.location),
        Column(N_("Team"), lambda r: r.team or organisation),
        Column(N_("Volunteer"), lambda r: r.volunteer.display_name),
        Column(N_("Status"), status),
        Column(N_("Check-in"), lambda r: _local(r.attendance.checked_in_at, r.shift.tz), TIME),
        Column(N_("Check-out"), lambda r: _local(r.attendance.checked_out_at, r.shift.tz), TIME),
        Column(N_("Credited minutes"), lambda r: r.attendance.credited_minutes, WHOLE),
        Column(N_("Service hours"), lambda r: hours_value(r.attendance.credited_minutes), HOURS),
        Column(N_("Corrected"), lambda r: yes if r.corrected else no),
        Column(N_("Correction history"), history_text(_), wrap=True),
    ]


def history_text(_: Gettext) -> Callable[[RecordRow], str]:
    """Every correction, oldest first, one a line: ``2026-12-04 14:00 王芳：忘记签到``."""
    line = _("{when} {who}: {reason}")

    def text(row: RecordRow) -> str:
        return "\n".join(
            line.format(
                when=f"{wall_time(c.at, row.shift.tz):%Y-%m-%d %H:%M}",
                who=c.by or "—",
                reason=c.reason,
            )
            for c in row.history
        )

    return text


def _local(instant: datetime | None, tz: str) -> datetime | None:
    """An instant as the naive local wall time Excel stores (it has no time zones)."""
    if instant is None:
        return None
    return wall_time(instant, tz)


def _at(username: str | None) -> str:
    return f"@{username}" if username else ""
