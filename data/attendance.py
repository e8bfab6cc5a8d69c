"""Check-in and check-out (签到 / 签退): the window, location verification, the recorded instants.

Closing a shift's attendance lives in ``attendance_close.py``; coordinators' corrections in
``corrections.py``. Every function that writes locks the shift row first, so a check-in, a
check-out and the closing job never interleave on one shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from data.errors import DomainError, NotSignedUp, ShiftCancelled
from data.models import Attendance, Shift, ShiftStatus, Signup, SignupStatus
from data.policy import Policy
from data.shifts import lock_shift

# A location shared this long after a button check-in still vouches for it; later it would vouch
# for a place the volunteer need not have been at when the time was recorded.
LOCATION_WINDOW = timedelta(minutes=10)
EARTH_RADIUS_M = 6_371_000.0


class CheckinNotOpen(DomainError):
    """Too early: ``params['shift']`` opens for check-in at ``params['opens_at']``."""

    code = "checkin_not_open"


class CheckinClosed(DomainError):
    """``params['shift']`` has ended, so check-in is over."""

    code = "checkin_closed"


class NoCheckinOpen(DomainError):
    """No shift of the volunteer's is open for check-in; ``next_shift`` / ``opens_at`` or None."""

    code = "no_checkin_open"


class NotCheckedIn(DomainError):
    """Check-out without a check-in (``params['shift']`` may be None for /checkout)."""

    code = "not_checked_in"


class AttendanceClosed(DomainError):
    """The shift's attendance has been closed; only a coordinator's correction changes it now."""

    code = "attendance_closed"


@dataclass(frozen=True)
class CheckinResult:
    """``already``: an earlier check-in stands; ``located``: this call recorded a location."""

    shift: Shift
    attendance: Attendance
    already: bool
    located: bool

    @property
    def wants_location(self) -> bool:
        """The shift checks places and none is on record yet, while one would still count."""
        return has_coordinates(self.shift) and self.attendance.checkin_latitude is None


@dataclass(frozen=True)
class CheckoutResult:
    shift: Shift
    attendance: Attendance
    already: bool


def checkin_opens_at(shift: Shift, policy: Policy) -> datetime:
    return shift.starts_at - policy.checkin_opens


def has_coordinates(shift: Shift) -> bool:
    return shift.latitude is not None and shift.longitude is not None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine); plenty exact at a few hundred metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def location_verdict(shift: Shift, latitude: float, longitude: float) -> bool | None:
    """True within the shift's radius, False farther, None when the shift has no coordinates."""
    if shift.latitude is None or shift.longitude is None:
        return None
    return distance_m(shift.latitude, shift.longitude, latitude, longitude) <= shift.radius_m


def check_in(
    *,
    session: Session,
    volunteer_id: int,
    shift_id: int,
    now: datetime,
    policy: Policy,
    latitude: float | None = None,
    longitude: float | None = None,
) -> CheckinResult:
    """Record the volunteer's arrival (签到); a repeat keeps the first instant.

    A far location is recorded as unverified, never refused. A location arriving after a button
    check-in is kept only if none is on record and it comes within ``LOCATION_WINDOW``.
    """
    shift = lock_shift(session=session, shift_id=shift_id)
    signup = _confirmed_signup(session, shift, volunteer_id)
    _require_checkin_window(shift, now, policy)
    attendance = ensure_attendance(session=session, signup=signup)
    already = attendance.checked_in_at is not None
    if not already:
        attendance.checked_in_at = now
    located = False
    if latitude is not None and longitude is not None and location_counts(attendance, now):
        attendance.checkin_latitude, attendance.checkin_longitude = latitude, longitude
        attendance.location_verified = location_verdict(shift, latitude, longitude)
        located = True
    session.add(attendance)
    session.flush()
    return CheckinResult(shift, attendance, already, located)


def location_counts(attendance: Attendance, now: datetime) -> bool:
    """Whether a location shared ``now`` may still be recorded on ``attendance``."""
    if attendance.checkin_latitude is not None:
        return False  # the first location stands: a nearer one later cannot replace a far one
    checked_in = attendance.checked_in_at
    return checked_in is None or now - checked_in <= LOCATION_WINDOW


def check_out(
    *, session: Session, volunteer_id: int, shift_id: int, now: datetime
) -> CheckoutResult:
    """Record the volunteer's departure (签退); allowed until the attendance is closed."""
    shift = lock_shift(session=session, shift_id=shift_id)
    signup = _confirmed_signup(session, shift, volunteer_id)
    if shift.attendance_closed_at is not None:
        raise AttendanceClosed(shift=shift)
    attendance = attendance_of(session=session, signup=signup)
    if attendance is None or attendance.checked_in_at is None:
        raise NotCheckedIn(shift=shift)
    already = attendance.checked_out_at is not None
    if not already:
        attendance.checked_out_at = now
        session.add(attendance)
        session.flush()
    return CheckoutResult(shift, attendance, already)


def _confirmed_signup(session: Session, shift: Shift, volunteer_id: int) -> Signup:
    if shift.status == ShiftStatus.CANCELLED:
        raise ShiftCancelled(shift=shift)
    signup = session.exec(
        select(Signup).where(Signup.shift_id == shift.id, Signup.volunteer_id == volunteer_id)
    ).first()
    if signup is None or signup.status != SignupStatus.CONFIRMED:
        raise NotSignedUp(shift=shift)
    return signup


def _require_checkin_window(shift: Shift, now: datetime, policy: Policy) -> None:
    opens_at = checkin_opens_at(shift, policy)
    if now < opens_at:
        raise CheckinNotOpen(shift=shift, opens_at=opens_at)
    if now >= shift.ends_at or shift.attendance_closed_at is not None:
        raise CheckinClosed(shift=shift)


def attendance_of(*, session: Session, signup: Signup) -> Attendance | None:
    return session.exec(select(Attendance).where(Attendance.signup_id == signup.id)).first()


def ensure_attendance(*, session: Session, signup: Signup) -> Attendance:
    """The signup's record, created pending on first need (the caller holds the shift lock)."""
    found = attendance_of(session=session, signup=signup)
    if found is not None:
        return found
    assert signup.id is not None
    attendance = Attendance(signup_id=signup.id)
    session.add(attendance)
    session.flush()
    return attendance
