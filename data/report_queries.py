"""The SQL behind the service-hours reports: which shifts a period holds, totals, records.

Totals are one GROUP BY over the period's closed records; the records themselves come in batches
(``yield_per``: a server-side cursor on PostgreSQL, SQLite's own lazy cursor), so a year of them
is never in memory at once. Column tuples, not ORM objects: loading 400,000 entities with an
identity map is what made the old report slow.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from data.localtime import day_start
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
from data.report_period import Period

# No zone is more than 14 hours from UTC: a day of margin catches every local start date.
MARGIN = timedelta(days=1)
COUNTED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXCUSED,
)
BATCH = 2_000
# The unit a record counts for: the shift's team, else the volunteer's (None: the organisation).
SHIFT_TEAM = aliased(Team)
UNIT = func.coalesce(col(SHIFT_TEAM.name), col(Team.name))


class Change(NamedTuple):
    """One correction of a record (时长修正): when, by whom, why."""

    at: datetime
    by: str | None
    reason: str


History = dict[int, tuple[Change, ...]]


def in_period(session: Session, period: Period) -> ColumnElement[bool]:
    """Shifts whose local start date (in the shift's own zone) falls in ``period``.

    For each zone found among the shifts near the period, the bounds are local midnight of the
    first day and local midnight after the last, as instants: exact wherever local time runs
    forward across midnight (every zone's rules today), and usable by the index on ``starts_at``.
    """
    low = datetime.combine(period.first, time(), tzinfo=UTC) - MARGIN
    high = datetime.combine(period.last, time(), tzinfo=UTC) + 2 * MARGIN
    nearby = (
        select(col(Shift.tz))
        .distinct()
        .where(col(Shift.starts_at) >= low, col(Shift.starts_at) < high)
    )
    bounds = []
    for (zone,) in session.execute(nearby):
        start, end = day_start(period.first, zone), day_start(period.last + timedelta(days=1), zone)
        bounds.append(
            and_(col(Shift.tz) == zone, col(Shift.starts_at) >= start, col(Shift.starts_at) < end)
        )
    return or_(false(), *bounds)


def _closed(period_shifts: ColumnElement[bool]) -> Any:
    """Closed attendance records joined to their sign-up and shift, in the period."""
    return (
        select()
        .select_from(Attendance)
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .where(col(Attendance.closed_at).is_not(None), period_shifts)
    )


def _with_unit(query: Any) -> Any:
    """``query`` joined to the volunteer, their team and the shift's team (for ``UNIT``)."""
    return (
        query.join(Volunteer, col(Volunteer.id) == col(Signup.volunteer_id))
        .outerjoin(Team, col(Team.id) == col(Volunteer.team_id))
        .outerjoin(SHIFT_TEAM, col(SHIFT_TEAM.id) == col(Shift.team_id))
    )


def units(session: Session, period_shifts: ColumnElement[bool]) -> frozenset[str | None]:
    """The units the period's records count for (None: no team, the organisation itself)."""
    query = _with_unit(_closed(period_shifts).add_columns(UNIT)).distinct()
    return frozenset(unit for (unit,) in session.execute(query))


def record_count(session: Session, period_shifts: ColumnElement[bool]) -> int:
    query = _closed(period_shifts).add_columns(func.count())
    return int(session.execute(query).scalar_one())


def volunteer_totals(session: Session, period_shifts: ColumnElement[bool]) -> list[Sequence[Any]]:
    """Per volunteer with a record: id, name, username, phone, unit, records, a count per
    status of ``COUNTED``, credited minutes. One row a volunteer: someone who served for two
    units is listed under the first of them by name (``min``), like the old in-memory totals."""
    per_status = [
        func.sum(case((col(Attendance.status) == status, 1), else_=0)) for status in COUNTED
    ]
    person = (
        col(Volunteer.id),
        col(Volunteer.display_name),
        col(Volunteer.username),
        col(Volunteer.phone),
    )
    query = _with_unit(
        _closed(period_shifts).add_columns(
            *person,
            func.min(UNIT),
            func.count(),
            *per_status,
            func.sum(Attendance.credited_minutes),
        )
    ).group_by(*person)
    return list(session.execute(query))


def history(session: Session, period_shifts: ColumnElement[bool]) -> History:
    """Per corrected record of the period: its corrections, oldest first (one per reason
    given: a correction of status and minutes logs two fields with the same reason and instant).
    Corrections are rare, so this stays small next to the records."""
    query = (
        _closed(period_shifts)
        .add_columns(
            col(AttendanceChange.attendance_id),
            col(AttendanceChange.changed_at),
            col(Volunteer.display_name),
            col(AttendanceChange.reason),
        )
        .join(AttendanceChange, col(AttendanceChange.attendance_id) == col(Attendance.id))
        .outerjoin(Volunteer, col(Volunteer.id) == col(AttendanceChange.changed_by))
        .order_by(col(AttendanceChange.changed_at), col(AttendanceChange.id))
    )
    found: dict[int, list[Change]] = {}
    for record_id, *change in session.execute(query):
        seen, entry = found.setdefault(record_id, []), Change._make(change)
        if not seen or seen[-1] != entry:
            seen.append(entry)
    return {record_id: tuple(changes) for record_id, changes in found.items()}


def records(session: Session, period_shifts: ColumnElement[bool]) -> Iterator[Sequence[Any]]:
    """The period's closed records in shift order, then volunteer name, in batches:
    attendance (id, status, in, out, minutes), shift (id, title, location, start, end, zone),
    volunteer (id, name, username, phone), unit (``UNIT``)."""
    query = _closed(period_shifts).add_columns(
        col(Attendance.id),
        col(Attendance.status),
        col(Attendance.checked_in_at),
        col(Attendance.checked_out_at),
        col(Attendance.credited_minutes),
        col(Shift.id),
        col(Shift.title),
        col(Shift.location),
        col(Shift.starts_at),
        col(Shift.ends_at),
        col(Shift.tz),
        col(Volunteer.id),
        col(Volunteer.display_name),
        col(Volunteer.username),
        col(Volunteer.phone),
        UNIT,
    )
    query = (
        _with_unit(query)
        .order_by(col(Shift.starts_at), col(Shift.id), col(Volunteer.display_name), col(Signup.id))
        .execution_options(yield_per=BATCH)
    )
    yield from session.execute(query)


def unclosed(session: Session, period_shifts: ColumnElement[bool], now: datetime) -> int:
    """Shifts of the period that have begun, with confirmed volunteers, whose attendance is not
    closed yet: a shift still to come has nothing to close and is not counted."""
    confirmed = exists().where(
        col(Signup.shift_id) == col(Shift.id), col(Signup.status) == SignupStatus.CONFIRMED
    )
    query = select(func.count()).where(
        col(Shift.status) == ShiftStatus.OPEN,
        col(Shift.starts_at) <= now,
        col(Shift.attendance_closed_at).is_(None),
        confirmed,
        period_shifts,
    )
    return int(session.execute(query).scalar_one())
