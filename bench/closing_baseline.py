"""The closing of before the set-based rewrite, kept for ``bench/closing.py`` only: one record at a
time through the ORM (a SELECT per seat, an INSERT per missing record, an UPDATE per record)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from data.attendance import ensure_attendance
from data.attendance_close import closable, credited_minutes, owe_summary
from data.models import Attendance, AttendanceStatus, Shift, Signup, SignupStatus
from data.policy import Policy
from data.shifts import get_shift


def outcome(shift: Shift, record: Attendance) -> tuple[str, int]:
    if record.checked_in_at is None:
        return AttendanceStatus.ABSENT, 0
    status = (
        AttendanceStatus.PRESENT
        if record.checked_in_at <= shift.starts_at
        else AttendanceStatus.LATE
    )
    return status, credited_minutes(shift, record.checked_in_at, record.checked_out_at)


def close_one_by_one(*, session: Session, shift_id: int, now: datetime, policy: Policy) -> bool:
    claimed = session.execute(
        update(Shift)
        .where(col(Shift.id) == shift_id, closable(now, policy))
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
    if signups:
        owe_summary(session=session, shift=shift, now=now)
    return True
