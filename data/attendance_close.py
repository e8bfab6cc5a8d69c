"""Closing a shift's attendance, ``attendance_grace`` after its end: statuses, credited minutes.

Each confirmed volunteer becomes present (checked in at or before the start), late (checked in
after it) or absent (no check-in). Credited minutes are the overlap of [check-in, check-out or
scheduled end] with the scheduled [start, end]: arriving early earns nothing, a forgotten
check-out credits to the scheduled end. A shift is closed once, by whichever process wins a
conditional update on ``Shift.attendance_closed_at``; the coordinator is then owed one summary.

Closing is set-based, a handful of statements whatever the number of seats: the claim (returning
the shift), one ``UPDATE`` giving every open record its verdict computed in SQL, one
``INSERT … SELECT`` of the confirmed seats with no record (absent), and the summary owed.
:func:`credited_minutes` is the same rule in Python, for corrections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    update,
)
from sqlalchemy import select as select_columns
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from data import outbox
from data.models import (
    Attendance,
    AttendanceStatus,
    Shift,
    ShiftStatus,
    Signup,
    SignupStatus,
    Volunteer,
)
from data.policy import Policy
from data.shifts import get_shift
from data.types import UTCDateTime
from data.unreachable import heads_of
from data.volunteers import require_coordinator

if TYPE_CHECKING:  # annotations only: their names vary across SQLAlchemy 2 releases
    from sqlalchemy import ColumnExpressionArgument, Select
    from sqlalchemy.sql.dml import ReturningInsert

ATTENDANCE_SUMMARY = "attendance_summary"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTE_US = 60_000_000


def shift_minutes(shift: Shift) -> int:
    """The scheduled length in whole minutes: the most a record can be credited."""
    return int((shift.ends_at - shift.starts_at).total_seconds() // 60)


def credited_minutes(
    shift: Shift, checked_in_at: datetime | None, checked_out_at: datetime | None
) -> int:
    """Whole minutes of [check-in, check-out or end] that fall inside the scheduled shift."""
    if checked_in_at is None:
        return 0
    start = max(checked_in_at, shift.starts_at)
    end = min(checked_out_at or shift.ends_at, shift.ends_at)
    return max(0, int((end - start).total_seconds() // 60))


def closable(now: datetime, policy: Policy) -> ColumnElement[bool]:
    """A shift still open whose grace period is over and whose attendance is not closed yet."""
    return and_(
        col(Shift.status) == ShiftStatus.OPEN,
        col(Shift.attendance_closed_at).is_(None),
        col(Shift.ends_at) <= now - policy.attendance_grace,
    )


def shifts_to_close(
    *, session: Session, now: datetime, policy: Policy, limit: int = 200
) -> list[int]:
    """Open shifts whose grace period is over and whose attendance is not closed yet."""
    query = (
        select(Shift.id)
        .where(closable(now, policy))
        .order_by(col(Shift.ends_at), col(Shift.id))
        .limit(limit)
    )
    return [shift_id for shift_id in session.exec(query) if shift_id is not None]


def close_shift_attendance(
    *, session: Session, shift_id: int, now: datetime, policy: Policy
) -> bool:
    """Close one shift's attendance; False when it was closed already (here or elsewhere)."""
    claim = (
        update(Shift)
        .where(col(Shift.id) == shift_id, closable(now, policy))
        .values(attendance_closed_at=now)
        .returning(Shift)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    shift = session.scalars(claim).one_or_none()
    if shift is None:
        return False
    seats = select_columns(col(Signup.id)).where(
        col(Signup.shift_id) == shift_id, col(Signup.status) == SignupStatus.CONFIRMED
    )
    dialect = session.get_bind().dialect.name
    status, minutes = _verdict(shift, dialect)
    judged = session.execute(
        update(Attendance)
        .where(col(Attendance.closed_at).is_(None), col(Attendance.signup_id).in_(seats))
        .values(status=status, credited_minutes=minutes, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    absent = session.scalars(_insert_absent(seats, now, dialect)).all()
    changed = judged.rowcount + len(absent)  # type: ignore[attr-defined]
    if changed or session.scalar(select(exists(seats))):
        owe_summary(session=session, shift=shift, now=now)
    return True


def owe_summary(*, session: Session, shift: Shift, now: datetime) -> None:
    """Owe the closed shift's summary to its coordinator."""
    assert shift.id is not None
    # Whoever posted the shift keeps its attendance; a shift with no poster falls to the admins.
    for head in heads_of(session=session, shift=shift):
        outbox.notify(
            session=session,
            kind=ATTENDANCE_SUMMARY,
            recipient_id=head,
            ref=str(shift.id),
            shift_id=shift.id,
            now=now,
        )


def _verdict(shift: Shift, dialect: str) -> tuple[ColumnElement[str], ColumnElement[int]]:
    """The status and the credited minutes of an open record, as SQL over its check-in and -out.

    The rule of :func:`credited_minutes`, on whole microseconds since the epoch so that both
    databases floor exactly as Python does.
    """
    start, end = _us(shift.starts_at), _us(shift.ends_at)
    checked_in = _epoch_us(col(Attendance.checked_in_at), dialect)
    out = func.coalesce(_epoch_us(col(Attendance.checked_out_at), dialect), end)
    span = case((out < end, out), else_=end) - case((checked_in > start, checked_in), else_=start)
    missing = col(Attendance.checked_in_at).is_(None)
    status = case(
        (missing, AttendanceStatus.ABSENT),
        (checked_in <= start, AttendanceStatus.PRESENT),
        else_=AttendanceStatus.LATE,
    )
    minutes = case((missing | (span <= 0), 0), else_=span // MINUTE_US)
    return status, minutes


def _us(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(microseconds=1)


def _epoch_us(
    column: ColumnExpressionArgument[datetime | None], dialect: str
) -> ColumnElement[int]:
    """Microseconds since the epoch of an instant column, exactly."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", column) * 1_000_000, BigInteger)
    # SQLite keeps an instant as naive UTC text, 'YYYY-MM-DD HH:MM:SS.ffffff'. Its date functions
    # round to the millisecond (…59.9996 would be the next second): whole seconds are read
    # without the fraction, the microseconds from the text.
    seconds = cast(func.strftime("%s", func.substr(column, 1, 19)), Integer)
    return seconds * 1_000_000 + cast(func.substr(column, 21, 6), Integer)


def _insert_absent(
    seats: Select[int | None], now: datetime, dialect: str
) -> ReturningInsert[int | None]:
    """The confirmed seats with no record get one, closed absent (a concurrent one is kept)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    missing = seats.where(~exists().where(col(Attendance.signup_id) == col(Signup.id)))
    rows = missing.add_columns(
        literal(AttendanceStatus.ABSENT), literal(0), literal(now, UTCDateTime())
    )
    return (
        insert(Attendance)
        .from_select(["signup_id", "status", "credited_minutes", "closed_at"], rows)
        .on_conflict_do_nothing(index_elements=["signup_id"])
        .returning(col(Attendance.id))  # counted: the drivers' row counts of INSERT … SELECT vary
    )


@dataclass(frozen=True)
class SummaryLine:
    attendance: Attendance
    volunteer: Volunteer


@dataclass(frozen=True)
class Summary:
    """A closed shift's records, in sign-up order (the coordinator's 考勤汇总)."""

    shift: Shift
    lines: list[SummaryLine]


def attendance_summary(*, session: Session, shift_id: int) -> Summary:
    """The closed records of a shift with their volunteers."""
    shift = get_shift(session=session, shift_id=shift_id)
    query = (
        select(Attendance, Volunteer)
        .join(Signup, col(Signup.id) == col(Attendance.signup_id))
        .join(Volunteer, col(Volunteer.id) == col(Signup.volunteer_id))
        .where(Signup.shift_id == shift_id, col(Attendance.closed_at).is_not(None))
        .order_by(col(Signup.id))
    )
    lines = [SummaryLine(record, person) for record, person in session.exec(query)]
    return Summary(shift, lines)


def summary_for_staff(*, session: Session, actor_id: int, shift_id: int) -> Summary:
    """:func:`attendance_summary`, for a coordinator or admin only (role read from the store)."""
    require_coordinator(session=session, volunteer_id=actor_id)
    return attendance_summary(session=session, shift_id=shift_id)
