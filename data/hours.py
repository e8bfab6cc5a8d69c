"""Service hours (服务时长): totals and recent records, only ever from closed attendance records.

Minutes are summed exactly and turned into hours with one decimal only for display, rounding
half up (50 minutes is 0.8 h, 90 minutes 1.5 h), as the glossary's reports do. A record falls in
the month and year of its shift's local start date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from data.localtime import local_date
from data.models import Attendance, AttendanceStatus, Shift, Signup

RECENT = 10


def format_hours(minutes: int) -> str:
    """Minutes as hours with one decimal: ``90`` → ``"1.5"``."""
    hours = Decimal(minutes) / Decimal(60)
    return str(hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class HoursRecord:
    """One closed record as the volunteer sees it."""

    day: date
    title: str
    status: AttendanceStatus
    minutes: int
    shift_id: int
    starts_at: datetime
    tz: str


@dataclass(frozen=True)
class HoursSummary:
    """Credited minutes this month, this year and in all, and the newest records."""

    month_minutes: int
    year_minutes: int
    total_minutes: int
    recent: list[HoursRecord]


def hours_of(*, session: Session, volunteer_id: int, now: datetime, zone: str) -> HoursSummary:
    """The volunteer's hours; "this month" and "this year" are read in ``zone`` at ``now``."""
    today = local_date(now, zone)
    records = _closed_records(session, volunteer_id)
    month = sum(
        r.minutes for r in records if (r.day.year, r.day.month) == (today.year, today.month)
    )
    year = sum(r.minutes for r in records if r.day.year == today.year)
    total = sum(r.minutes for r in records)
    return HoursSummary(month, year, total, records[:RECENT])


def _closed_records(session: Session, volunteer_id: int) -> list[HoursRecord]:
    """Every closed record of the volunteer, newest shift first."""
    query = (
        select(Attendance, Shift)
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .where(Signup.volunteer_id == volunteer_id, col(Attendance.closed_at).is_not(None))
        .order_by(col(Shift.starts_at).desc(), col(Shift.id).desc())
    )
    records = []
    for record, shift in session.exec(query):
        assert shift.id is not None
        day = local_date(shift.starts_at, shift.tz)
        records.append(
            HoursRecord(
                day,
                shift.title,
                record.status,
                record.credited_minutes,
                shift.id,
                shift.starts_at,
                shift.tz,
            )
        )
    return records
