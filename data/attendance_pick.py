"""Which shift a /checkin, a shared location or a /checkout means, when no button said so."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from data.attendance import (
    CheckinResult,
    CheckoutResult,
    NoCheckinOpen,
    NotCheckedIn,
    check_in,
    check_out,
    checkin_opens_at,
    has_coordinates,
    location_counts,
)
from data.models import Attendance, Shift, ShiftStatus, Signup, SignupStatus
from data.policy import Policy


def _current_seats(
    session: Session, volunteer_id: int, now: datetime
) -> list[tuple[Shift, Attendance | None]]:
    """The volunteer's confirmed, open shifts not yet ended or closed, with their records."""
    query = (
        select(Shift, Attendance)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .outerjoin(Attendance, col(Attendance.signup_id) == col(Signup.id))
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.status == SignupStatus.CONFIRMED,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.attendance_closed_at).is_(None),
            col(Shift.ends_at) > now,
        )
        .order_by(col(Shift.starts_at), col(Shift.id))
    )
    return [(shift, record) for shift, record in session.exec(query)]


def pick_checkin_shift(
    *, session: Session, volunteer_id: int, now: datetime, policy: Policy
) -> Shift:
    """/checkin: the shift whose check-in is open now, one not yet checked in first.

    Raises :class:`NoCheckinOpen` naming the next shift and when its check-in opens, if any.
    """
    seats = _current_seats(session, volunteer_id, now)
    open_now = [(s, a) for s, a in seats if checkin_opens_at(s, policy) <= now]
    if open_now:
        open_now.sort(key=lambda pair: pair[1] is not None and pair[1].checked_in_at is not None)
        return open_now[0][0]
    if not seats:
        raise NoCheckinOpen(next_shift=None, opens_at=None)
    upcoming = seats[0][0]
    raise NoCheckinOpen(next_shift=upcoming, opens_at=checkin_opens_at(upcoming, policy))


def pick_location_shift(
    *, session: Session, volunteer_id: int, now: datetime, policy: Policy
) -> Shift:
    """A shared location goes to a check-in just made without one, else as /checkin would."""
    for shift, record in _current_seats(session, volunteer_id, now):
        if record is None or record.checked_in_at is None or not has_coordinates(shift):
            continue
        if location_counts(record, now):
            return shift
    return pick_checkin_shift(session=session, volunteer_id=volunteer_id, now=now, policy=policy)


def pick_checkout_shift(*, session: Session, volunteer_id: int) -> Shift:
    """/checkout: the most recent check-in not yet checked out, on a shift still open."""
    checked_in = [
        (record.checked_in_at, shift)
        for shift, record in _checked_in_seats(session, volunteer_id)
        if record.checked_in_at is not None
    ]
    if not checked_in:
        raise NotCheckedIn(shift=None)
    return max(checked_in, key=lambda pair: pair[0])[1]


def _checked_in_seats(session: Session, volunteer_id: int) -> list[tuple[Shift, Attendance]]:
    # Check-out stays possible after the end, until closing, so no "not ended" filter here.
    query = (
        select(Shift, Attendance)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .join(Attendance, col(Attendance.signup_id) == col(Signup.id))
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.status == SignupStatus.CONFIRMED,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.attendance_closed_at).is_(None),
            col(Attendance.checked_out_at).is_(None),
        )
    )
    return [(shift, record) for shift, record in session.exec(query)]


def check_in_now(
    *, session: Session, volunteer_id: int, now: datetime, policy: Policy
) -> CheckinResult:
    """/checkin: check in at the shift :func:`pick_checkin_shift` names."""
    shift = pick_checkin_shift(session=session, volunteer_id=volunteer_id, now=now, policy=policy)
    assert shift.id is not None
    return check_in(
        session=session, volunteer_id=volunteer_id, shift_id=shift.id, now=now, policy=policy
    )


def check_in_here(
    *,
    session: Session,
    volunteer_id: int,
    latitude: float,
    longitude: float,
    now: datetime,
    policy: Policy,
) -> CheckinResult:
    """A shared location: check in with it (or vouch for a check-in just made)."""
    shift = pick_location_shift(session=session, volunteer_id=volunteer_id, now=now, policy=policy)
    assert shift.id is not None
    return check_in(
        session=session,
        volunteer_id=volunteer_id,
        shift_id=shift.id,
        now=now,
        policy=policy,
        latitude=latitude,
        longitude=longitude,
    )


def check_out_now(*, session: Session, volunteer_id: int, now: datetime) -> CheckoutResult:
    """/checkout: check out of the shift :func:`pick_checkout_shift` names."""
    shift = pick_checkout_shift(session=session, volunteer_id=volunteer_id)
    assert shift.id is not None
    return check_out(session=session, volunteer_id=volunteer_id, shift_id=shift.id, now=now)
