"""Closing a shift's attendance, ``attendance_grace`` after its end: statuses, credited minutes.

Each confirmed volunteer becomes present (checked in at or before the start), late (checked in
after it) or absent (no check-in). Credited minutes are the overlap of [check-in, check-out or
scheduled end] with the scheduled [start, end]: arriving early earns nothing, a forgotten
check-out credits to the scheduled end. A shift is closed once, by whichever process wins a
conditional update on ``Shift.attendance_closed_at``; the coordinator is then owed one summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from data import outbox
from data.attendance import ensure_attendance
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
from data.unreachable import heads_of
from data.volunteers import require_coordinator

ATTENDANCE_SUMMARY = "attendance_summary"


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


def outcome(shift: Shift, record: Attendance) -> tuple[AttendanceStatus, int]:
    """The status and minutes closing gives a record."""
    if record.checked_in_at is None:
        return AttendanceStatus.ABSENT, 0
    status = (
        AttendanceStatus.PRESENT
        if record.checked_in_at <= shift.starts_at
        else AttendanceStatus.LATE
    )
    return status, credited_minutes(shift, record.checked_in_at, record.checked_out_at)


def shifts_to_close(
    *, session: Session, now: datetime, policy: Policy, limit: int = 200
) -> list[int]:
    """Open shifts whose grace period is over and whose attendance is not closed yet."""
    query = (
        select(Shift.id)
        .where(
            Shift.status == ShiftStatus.OPEN,
            col(Shift.attendance_closed_at).is_(None),
            col(Shift.ends_at) <= now - policy.attendance_grace,
        )
        .order_by(col(Shift.ends_at), col(Shift.id))
        .limit(limit)
    )
    return [shift_id for shift_id in session.exec(query) if shift_id is not None]


def close_shift_attendance(
    *, session: Session, shift_id: int, now: datetime, policy: Policy
) -> bool:
    """Close one shift's attendance; False when it was closed already (here or elsewhere)."""
    claimed = session.execute(
        update(Shift)
        .where(
            col(Shift.id) == shift_id,
            col(Shift.status) == ShiftStatus.OPEN,
            col(Shift.attendance_closed_at).is_(None),
            col(Shift.ends_at) <= now - policy.attendance_grace,
        )
        .values(attendance_closed_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    shift = get_shift(session=session, shift_id=shift_id)
    session.refresh(shift)
    signups = session.exec(
        select(Signup).where(Signup.shift_id == shift_id, Signup.status == SignupStatus.CONFIRMED)
    ).all()
    for signup in signups:
        record = ensure_attendance(session=session, signup=signup)
        if record.closed_at is None:
            record.status, record.credited_minutes = outcome(shift, record)
            record.closed_at = now
            session.add(record)
    session.flush()
    # Whoever posted the shift keeps its attendance; a shift with no poster falls to the admins.
    for head in heads_of(session=session, shift=shift) if signups else []:
        outbox.notify(
            session=session,
            kind=ATTENDANCE_SUMMARY,
            recipient_id=head,
            ref=str(shift_id),
            shift_id=shift_id,
            now=now,
        )
    return True


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
