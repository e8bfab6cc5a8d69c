"""Sign-up, waitlist and cancellation: the capacity invariant lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from data import outbox
from data.booking import booking_refusal, cancel_refusal
from data.errors import (
    AlreadySignedUp,
    Overlap,
    ShiftFull,
)
from data.models import Shift, ShiftStatus, Signup, SignupStatus
from data.policy import Policy
from data.shifts import lock_shift


@dataclass(frozen=True)
class SignupResult:
    """Where the volunteer ended up: confirmed, or waitlisted at ``position`` (1-based)."""

    shift: Shift
    status: SignupStatus
    position: int | None = None


def sign_up(
    *,
    session: Session,
    volunteer_id: int,
    shift_id: int,
    now: datetime,
    policy: Policy,
    waitlist_ok: bool = False,
    origin: str = "direct",
    standing_id: int | None = None,
) -> SignupResult:
    """Take a seat, or a waitlist place when the shift is full and ``waitlist_ok``.

    The shift row is locked first, so racing sign-ups for the last seat are serialised and the
    confirmed count never exceeds capacity.
    """
    shift = lock_shift(session=session, shift_id=shift_id)
    refusal = booking_refusal(shift, now)
    if refusal is not None:
        raise refusal
    existing = _signup_of(session, shift_id, volunteer_id)
    if existing is not None and existing.status != SignupStatus.CANCELLED:
        raise AlreadySignedUp(shift=shift, status=existing.status)
    clash = find_clash(session=session, volunteer_id=volunteer_id, shift=shift)
    if clash is not None:
        raise Overlap(shift=shift, clash=clash)
    signup = existing or Signup(
        shift_id=shift_id,
        volunteer_id=volunteer_id,
        status=SignupStatus.CANCELLED,
        created_at=now,
        updated_at=now,
    )
    signup.origin, signup.standing_id, signup.updated_at = origin, standing_id, now
    if confirmed_count(session=session, shift_id=shift_id) < shift.capacity:
        signup.status, signup.waitlist_seq = SignupStatus.CONFIRMED, None
        session.add(signup)
        session.flush()
        outbox.plan_for_seat(
            session=session, shift=shift, volunteer_id=volunteer_id, now=now, policy=policy
        )
        return SignupResult(shift, SignupStatus.CONFIRMED)
    if not waitlist_ok:
        raise ShiftFull(shift=shift)
    signup.status, signup.waitlist_seq = (
        SignupStatus.WAITLISTED,
        _next_waitlist_seq(session, shift_id),
    )
    session.add(signup)
    session.flush()
    return SignupResult(
        shift, SignupStatus.WAITLISTED, waitlist_position(session=session, signup=signup)
    )


def _signup_of(session: Session, shift_id: int, volunteer_id: int) -> Signup | None:
    query = select(Signup).where(Signup.shift_id == shift_id, Signup.volunteer_id == volunteer_id)
    return session.exec(query).first()


def _next_waitlist_seq(session: Session, shift_id: int) -> int:
    query = select(func.max(Signup.waitlist_seq)).where(Signup.shift_id == shift_id)
    return int(session.exec(query).one() or 0) + 1


def confirmed_count(*, session: Session, shift_id: int) -> int:
    query = select(func.count()).where(
        Signup.shift_id == shift_id, Signup.status == SignupStatus.CONFIRMED
    )
    return int(session.exec(query).one())


def waitlist_position(*, session: Session, signup: Signup) -> int:
    """1-based place in the waitlist (候补第 N 位)."""
    query = select(func.count()).where(
        Signup.shift_id == signup.shift_id,
        Signup.status == SignupStatus.WAITLISTED,
        col(Signup.waitlist_seq) <= signup.waitlist_seq,
    )
    return int(session.exec(query).one())


def find_clash(*, session: Session, volunteer_id: int, shift: Shift) -> Shift | None:
    """Another open shift the volunteer holds a confirmed seat on that overlaps ``shift`` in time."""
    query = (
        select(Shift)
        .join(Signup, col(Signup.shift_id) == col(Shift.id))
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.status == SignupStatus.CONFIRMED,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.id) != shift.id,
            col(Shift.starts_at) < shift.ends_at,
            col(Shift.ends_at) > shift.starts_at,
        )
        .order_by(col(Shift.starts_at))
    )
    return session.exec(query).first()


@dataclass(frozen=True)
class CancelResult:
    """What a released place set in motion: who was promoted into the freed seat, if anyone."""

    shift: Shift
    was_confirmed: bool
    promoted_ids: tuple[int, ...]


def cancel_signup(
    *, session: Session, volunteer_id: int, shift_id: int, now: datetime, policy: Policy
) -> CancelResult:
    """Give up a seat or a waitlist place (取消报名); a freed seat goes to the waitlist."""
    shift = lock_shift(session=session, shift_id=shift_id)
    signup = _signup_of(session, shift_id, volunteer_id)
    refusal = cancel_refusal(shift, signup.status if signup else None, now)
    if refusal is not None:
        raise refusal
    assert signup is not None  # no place is refused above
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status, signup.waitlist_seq, signup.updated_at = SignupStatus.CANCELLED, None, now
    session.add(signup)
    session.flush()
    outbox.skip_pending(session=session, shift_id=shift_id, recipient_ids=[volunteer_id])
    promoted = (
        fill_from_waitlist(session=session, shift=shift, now=now, policy=policy)
        if was_confirmed
        else []
    )
    return CancelResult(shift, was_confirmed, tuple(promoted))


def fill_from_waitlist(
    *, session: Session, shift: Shift, now: datetime, policy: Policy
) -> list[int]:
    """Promote waitlisted volunteers, in order, into free seats (候补转正); each is told.

    The caller holds the shift lock. A waitlisted volunteer who has since taken a clashing seat
    elsewhere is passed over and keeps their place.
    """
    assert shift.id is not None
    free = shift.capacity - confirmed_count(session=session, shift_id=shift.id)
    promoted: list[int] = []
    if free <= 0 or shift.starts_at <= now:
        return promoted
    waiting = session.exec(
        select(Signup)
        .where(Signup.shift_id == shift.id, Signup.status == SignupStatus.WAITLISTED)
        .order_by(col(Signup.waitlist_seq))
    ).all()
    for signup in waiting:
        if len(promoted) == free:
            break
        if find_clash(session=session, volunteer_id=signup.volunteer_id, shift=shift) is not None:
            continue
        signup.status, signup.waitlist_seq, signup.updated_at = SignupStatus.CONFIRMED, None, now
        session.add(signup)
        promoted.append(signup.volunteer_id)
        outbox.plan_for_seat(
            session=session, shift=shift, volunteer_id=signup.volunteer_id, now=now, policy=policy
        )
        outbox.notify(
            session=session,
            kind=outbox.PROMOTED,
            recipient_id=signup.volunteer_id,
            ref=f"{shift.id}:{now.isoformat()}",
            shift_id=shift.id,
            now=now,
        )
    session.flush()
    return promoted
