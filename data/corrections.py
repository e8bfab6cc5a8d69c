"""Coordinators correct closed attendance records (时长修正); every change keeps who, when, why.

Only coordinators and admins may, and their role is read from the store on every call. Each
changed field becomes one :class:`AttendanceChange` row; a correction that changes nothing is
refused rather than recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from data.attendance_close import credited_minutes, shift_minutes
from data.errors import DomainError, InvalidInput, NotFound
from data.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Shift,
    Signup,
    Volunteer,
)
from data.volunteers import require_coordinator

# What a coordinator may set a record to; "late" is only ever the closing's verdict.
CORRECTABLE = (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
SERVED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
MAX_REASON = 200


class AttendanceOpen(DomainError):
    """The record is not closed yet; it can be corrected once the shift's attendance closes."""

    code = "attendance_open"


@dataclass(frozen=True)
class Correction:
    """The fields to change; ``None`` leaves a field as it is."""

    status: str | None = None
    minutes: int | None = None


@dataclass(frozen=True)
class ChangeLine:
    change: AttendanceChange
    by: Volunteer | None


@dataclass(frozen=True)
class RecordView:
    """One record as a coordinator sees it: whose, which shift, and its history of changes."""

    attendance: Attendance
    volunteer: Volunteer
    shift: Shift
    changes: list[ChangeLine]

    @property
    def max_minutes(self) -> int:
        return shift_minutes(self.shift)


def attendance_record(*, session: Session, actor_id: int, attendance_id: int) -> RecordView:
    """A record and its history, for a coordinator or admin."""
    require_coordinator(session=session, volunteer_id=actor_id)
    return _view(session, _record(session, attendance_id))


def correct_attendance(
    *,
    session: Session,
    actor_id: int,
    attendance_id: int,
    correction: Correction,
    reason: str,
    now: datetime,
) -> RecordView:
    """Apply a coordinator's correction to a closed record and log each changed field."""
    actor = require_coordinator(session=session, volunteer_id=actor_id)
    reason = validate_reason(reason)
    record = _record(session, attendance_id, lock=True)
    if record.closed_at is None:
        raise AttendanceOpen()
    view = _view(session, record)
    status, minutes = _target(view, correction)
    if (status, minutes) == (record.status, record.credited_minutes):
        raise InvalidInput(field="correction", reason="unchanged")
    for field, old, new in (
        ("status", record.status, status),
        ("credited_minutes", record.credited_minutes, minutes),
    ):
        if old != new:
            session.add(
                AttendanceChange(
                    attendance_id=attendance_id,
                    changed_by=actor.id,
                    changed_at=now,
                    field=field,
                    old_value=str(old),
                    new_value=str(new),
                    reason=reason,
                )
            )
    record.status, record.credited_minutes = status, minutes
    session.add(record)
    session.flush()
    return _view(session, record)


def validate_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(field="reason", reason="empty")
    if len(reason) > MAX_REASON:
        raise InvalidInput(field="reason", reason="too_long", limit=MAX_REASON, length=len(reason))
    return reason


def _target(view: RecordView, correction: Correction) -> tuple[AttendanceStatus, int]:
    """The status and minutes the record should end up with."""
    record, longest = view.attendance, view.max_minutes
    if correction.status is not None and correction.status not in CORRECTABLE:
        raise InvalidInput(field="status", reason="unknown")
    status = AttendanceStatus(correction.status) if correction.status else record.status
    if correction.minutes is not None:
        if not 0 <= correction.minutes <= longest:
            raise InvalidInput(field="minutes", reason="range", low=0, high=longest)
        if status not in SERVED and correction.minutes > 0:
            raise InvalidInput(field="minutes", reason="not_served")
        return status, correction.minutes
    if status not in SERVED:
        return status, 0
    if record.status not in SERVED:
        # Now recorded as having served: credit what the check-in shows, else the whole shift.
        checked = credited_minutes(view.shift, record.checked_in_at, record.checked_out_at)
        return status, checked if record.checked_in_at is not None else longest
    return status, record.credited_minutes


def _record(session: Session, attendance_id: int, *, lock: bool = False) -> Attendance:
    record = session.get(Attendance, attendance_id, with_for_update=lock)
    if record is None:
        raise NotFound(what="attendance", ref=attendance_id)
    return record


def _view(session: Session, record: Attendance) -> RecordView:
    signup = session.get(Signup, record.signup_id)
    assert signup is not None
    volunteer = session.get(Volunteer, signup.volunteer_id)
    shift = session.get(Shift, signup.shift_id)
    assert volunteer is not None and shift is not None
    query = (
        select(AttendanceChange, Volunteer)
        .outerjoin(Volunteer, col(Volunteer.id) == col(AttendanceChange.changed_by))
        .where(AttendanceChange.attendance_id == record.id)
        .order_by(col(AttendanceChange.changed_at), col(AttendanceChange.id))
    )
    changes = [ChangeLine(change, by) for change, by in session.exec(query)]
    return RecordView(record, volunteer, shift, changes)
