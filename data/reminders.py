"""Answers to a reminder: "I can't come" gives up the seat and tells the shift's coordinator."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, func, select

from data import outbox
from data.errors import NotSignedUp, ShiftCancelled, ShiftStarted
from data.models import Shift, ShiftStatus, Signup, SignupStatus
from data.policy import Policy
from data.shifts import get_shift
from data.signups import CancelResult, cancel_signup
from data.unreachable import heads_of

# Told to a shift's coordinator when a volunteer answers a reminder with "I can't come".
DROPOUT = "dropout"


def confirm_coming(*, session: Session, volunteer_id: int, shift_id: int, now: datetime) -> Shift:
    """Answer "I will be there": valid only with a seat on an open shift not yet started."""
    shift = get_shift(session=session, shift_id=shift_id)
    if shift.status == ShiftStatus.CANCELLED:
        raise ShiftCancelled(shift=shift)
    if shift.starts_at <= now:
        raise ShiftStarted(shift=shift)
    seat = session.exec(
        select(Signup).where(
            Signup.shift_id == shift_id,
            Signup.volunteer_id == volunteer_id,
            Signup.status == SignupStatus.CONFIRMED,
        )
    ).first()
    if seat is None:
        raise NotSignedUp(shift=shift)
    return shift


def record_coming(*, session: Session, volunteer_id: int, shift_id: int, now: datetime) -> Shift:
    """Answer "I will be there" and keep it, so a later reminder does not ask again."""
    shift = confirm_coming(session=session, volunteer_id=volunteer_id, shift_id=shift_id, now=now)
    seat = session.exec(
        select(Signup).where(Signup.shift_id == shift_id, Signup.volunteer_id == volunteer_id)
    ).one()
    seat.coming_at = now  # updated_at stays: it orders the roster
    session.add(seat)
    return shift


def waiting_behind(*, session: Session, volunteer_id: int, shift_id: int, now: datetime) -> int:
    """Before "I can't come" is asked again: the seat must be answerable (as for "I'll be
    there"); how many are on the waitlist, to say whether anyone would take it."""
    confirm_coming(session=session, volunteer_id=volunteer_id, shift_id=shift_id, now=now)
    waiting = session.exec(
        select(func.count())
        .select_from(Signup)
        .where(Signup.shift_id == shift_id, Signup.status == SignupStatus.WAITLISTED)
    ).one()
    return int(waiting)


def said_coming(seat: Signup) -> bool:
    """Whether the seat's holder answered "I'll be there" since the seat last changed."""
    return seat.coming_at is not None and seat.coming_at >= seat.updated_at


def drop_out(
    *, session: Session, volunteer_id: int, shift_id: int, now: datetime, policy: Policy
) -> CancelResult:
    """Release the volunteer's place (the waitlist moves up and is told) and tell the coordinator."""
    result = cancel_signup(
        session=session, volunteer_id=volunteer_id, shift_id=shift_id, now=now, policy=policy
    )
    if not result.was_confirmed:
        return result
    for head in heads_of(session=session, shift=result.shift):
        if head == volunteer_id:
            continue
        outbox.notify(
            session=session,
            kind=DROPOUT,
            recipient_id=head,
            ref=f"{shift_id}:{volunteer_id}:{now:%Y%m%dT%H%M%S}",
            shift_id=shift_id,
            now=now,
            payload={"volunteer_id": volunteer_id, "promoted_ids": list(result.promoted_ids)},
        )
    return result
