"""Service-hours reports (服务时长统计) for a period, as coordinators hand them to the bureau.

Only closed attendance records count, as in ``hours.py``: a record belongs to the period when its
shift's local start date (in the shift's zone) falls in it. Minutes are summed exactly; hours
with one decimal come from :func:`data.hours.format_hours` (half up), per record and per total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, func
from sqlmodel import Session, col, select

from data.hours import format_hours
from data.localtime import local_date
from data.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Shift,
    ShiftStatus,
    Signup,
    SignupStatus,
    Team,
    Volunteer,
)
from data.volunteers import require_coordinator

# No zone is more than 14 hours from UTC: a day of margin catches every local start date.
MARGIN = timedelta(days=1)
COUNTED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXCUSED,
)


def hours_value(minutes: int) -> Decimal:
    """Minutes as a number of hours with one decimal, rounded half up: ``50`` → ``0.8``."""
    return Decimal(format_hours(minutes))


@dataclass(frozen=True)
class Period:
    """Local dates ``first`` to ``last``, both included."""

    first: date
    last: date

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def label(self) -> str:
        """``2026-12`` for a calendar month, ``2026`` for a year, else ``2026-12-01_2026-12-15``."""
        if self == month_of(self.first):
            return f"{self.first:%Y-%m}"
        if self == year_of(self.first):
            return f"{self.first:%Y}"
        return f"{self.first.isoformat()}_{self.last.isoformat()}"


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def this_month(now: datetime, zone: str) -> Period:
    return month_of(local_date(now, zone))


def last_month(now: datetime, zone: str) -> Period:
    return month_of(this_month(now, zone).first - timedelta(days=1))


def this_year(now: datetime, zone: str) -> Period:
    return year_of(local_date(now, zone))


@dataclass(frozen=True)
class RecordRow:
    """One closed attendance record, with the last correction's reason and author if any."""

    attendance: Attendance
    shift: Shift
    volunteer: Volunteer
    team: str | None
    corrections: int
    last_reason: str | None
    corrected_by: str | None

    @property
    def day(self) -> date:
        return _local_day(self.shift)

    @property
    def corrected(self) -> bool:
        return self.corrections > 0


@dataclass(frozen=True)
class VolunteerRow:
    """One volunteer's totals in the period: shifts by status, credited minutes."""

    volunteer: Volunteer
    team: str | None
    counts: dict[str, int]
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_value(self.minutes)


@dataclass(frozen=True)
class ServiceReport:
    """Totals per volunteer and every record; ``unclosed`` shifts of the period are left out."""

    period: Period
    volunteers: list[VolunteerRow]
    records: list[RecordRow]
    unclosed: int

    @property
    def minutes(self) -> int:
        return sum(row.minutes for row in self.volunteers)

    @property
    def hours(self) -> Decimal:
        return hours_value(self.minutes)

    @property
    def counts(self) -> dict[str, int]:
        return {status: sum(r.counts[status] for r in self.volunteers) for status in COUNTED}


def service_report(*, session: Session, actor_id: int, period: Period) -> ServiceReport:
    """The period's report, for a coordinator or admin (role read from the store)."""
    require_coordinator(session=session, volunteer_id=actor_id)
    records = _records(session, period)
    return ServiceReport(period, _totals(records), records, _unclosed(session, period))


def _window(period: Period) -> tuple[datetime, datetime]:
    """UTC bounds wide enough for every shift whose local start date is in ``period``."""
    low = datetime.combine(period.first, time(), tzinfo=UTC) - MARGIN
    high = datetime.combine(period.last, time(), tzinfo=UTC) + 2 * MARGIN
    return low, high


Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


def _in_window(query: Q, period: Period) -> Q:
    low, high = _window(period)
    return query.where(col(Shift.starts_at) >= low, col(Shift.starts_at) < high)


def _records(session: Session, period: Period) -> list[RecordRow]:
    """Closed records of the period in shift order, then volunteer name."""
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
    for record, shift, person, team in session.exec(_in_window(query, period)):
        count, reason, by = history.get(record.id or 0, (0, None, None))
        row = RecordRow(record, shift, person, team, count, reason, by)
        if period.contains(row.day):
            rows.append(row)
    return rows


def _history(session: Session, period: Period) -> dict[int, tuple[int, str | None, str | None]]:
    """Per record of the window: how many changes, the last one's reason and who made it."""
    query = (
        select(AttendanceChange, Volunteer.display_name)
        .join(Attendance, col(Attendance.id) == col(AttendanceChange.attendance_id))
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .outerjoin(Volunteer, col(Volunteer.id) == col(AttendanceChange.changed_by))
        .order_by(col(AttendanceChange.changed_at), col(AttendanceChange.id))
    )
    found: dict[int, tuple[int, str | None, str | None]] = {}
    for change, by in session.exec(_in_window(query, period)):
        count = found.get(change.attendance_id, (0, None, None))[0]
        found[change.attendance_id] = (count + 1, change.reason, by)
    return found


def _totals(records: list[RecordRow]) -> list[VolunteerRow]:
    """One row per volunteer with a record, by team, then name."""
    counts: dict[int, Counter[str]] = {}
    minutes: Counter[int] = Counter()
    first: dict[int, RecordRow] = {}
    for row in records:
        key = row.volunteer.id or 0
        first.setdefault(key, row)
        counts.setdefault(key, Counter())[row.attendance.status] += 1
        minutes[key] += row.attendance.credited_minutes
    rows = [
        VolunteerRow(
            row.volunteer,
            row.team,
            {status: counts[key][status] for status in COUNTED},
            minutes[key],
        )
        for key, row in first.items()
    ]
    return sorted(rows, key=lambda r: (r.team or "", r.volunteer.display_name, r.volunteer.id or 0))


def _unclosed(session: Session, period: Period) -> int:
    """Open shifts of the period with confirmed volunteers whose attendance is not closed yet."""
    query = select(Shift).where(
        Shift.status == ShiftStatus.OPEN,
        col(Shift.attendance_closed_at).is_(None),
        select(func.count())
        .where(Signup.shift_id == Shift.id, Signup.status == SignupStatus.CONFIRMED)
        .scalar_subquery()
        > 0,
    )
    shifts = session.exec(_in_window(query, period))
    return sum(1 for shift in shifts if period.contains(_local_day(shift)))


def _local_day(shift: Shift) -> date:
    return local_date(shift.starts_at, shift.tz)
