"""Coordinators change or cancel a posted shift; everyone affected is told through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from data import outbox
from data.errors import CapacityBelowConfirmed, ShiftCancelled, ShiftStarted
from data.models import Shift, ShiftStatus, Signup, SignupStatus
from data.policy import Policy
from data.shifts import lock_shift, validate_capacity, validate_text, validate_times
from data.signups import confirmed_count, fill_from_waitlist
from data.volunteers import require_coordinator


@dataclass(frozen=True)
class ShiftChanges:
    """The fields to change; ``None`` leaves a field as it is."""

    title: str | None = None
    location: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class EditResult:
    shift: Shift
    promoted_ids: tuple[int, ...]
    notified_ids: tuple[int, ...]


def active_signups(*, session: Session, shift_id: int) -> list[Signup]:
    """Confirmed and waitlisted sign-ups of a shift, confirmed first, then in waitlist order."""
    query = select(Signup).where(
        Signup.shift_id == shift_id,
        col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
    )
    rows = list(session.exec(query))
    rows.sort(key=lambda s: (s.status != SignupStatus.CONFIRMED, s.waitlist_seq or 0, s.id or 0))
    return rows


def _editable(session: Session, actor_id: int, shift_id: int, now: datetime) -> Shift:
    require_coordinator(session=session, volunteer_id=actor_id)
    shift = lock_shift(session=session, shift_id=shift_id)
    if shift.status == ShiftStatus.CANCELLED:
        raise ShiftCancelled(shift=shift)
    if shift.ends_at <= now:  # said as "has ended": "has started" would read as still on
        raise ShiftStarted(shift=shift, what="ended")
    if shift.starts_at <= now:
        raise ShiftStarted(shift=shift)
    return shift


def editable_shift(*, session: Session, actor_id: int, shift_id: int, now: datetime) -> Shift:
    """The shift, if ``actor_id`` may manage shifts and it is still open and not started."""
    return _editable(session, actor_id, shift_id, now)


def edit_shift(
    *,
    session: Session,
    actor_id: int,
    shift_id: int,
    changes: ShiftChanges,
    now: datetime,
    policy: Policy,
) -> EditResult:
    """Apply a coordinator's edit. More seats promote the waitlist; a new time tells everyone."""
    shift = _editable(session, actor_id, shift_id, now)
    if changes.title is not None:
        shift.title = validate_text("title", changes.title)
    if changes.location is not None:
        shift.location = validate_text("location", changes.location)
    if changes.capacity is not None:
        confirmed = confirmed_count(session=session, shift_id=shift_id)
        if validate_capacity(changes.capacity) < confirmed:
            raise CapacityBelowConfirmed(confirmed=confirmed, capacity=changes.capacity)
        shift.capacity = changes.capacity
    old_start, old_end = shift.starts_at, shift.ends_at
    new_start, new_end = changes.starts_at or old_start, changes.ends_at or old_end
    moved = (new_start, new_end) != (old_start, old_end)
    if moved:
        validate_times(new_start, new_end, now)
        shift.starts_at, shift.ends_at = new_start, new_end
    shift.version += 1
    session.add(shift)
    session.flush()
    promoted = fill_from_waitlist(session=session, shift=shift, now=now, policy=policy)
    notified: list[int] = []
    if moved:
        notified = _tell_time_change(session, shift, old_start, old_end, now, policy)
    return EditResult(shift, tuple(promoted), tuple(notified))


def _tell_time_change(
    session: Session,
    shift: Shift,
    old_start: datetime,
    old_end: datetime,
    now: datetime,
    policy: Policy,
) -> list[int]:
    assert shift.id is not None
    signups = active_signups(session=session, shift_id=shift.id)
    confirmed = [s.volunteer_id for s in signups if s.status == SignupStatus.CONFIRMED]
    outbox.replan_shift(
        session=session, shift=shift, confirmed_ids=confirmed, now=now, policy=policy
    )
    payload = {"old_start": old_start.isoformat(), "old_end": old_end.isoformat()}
    for signup in signups:
        outbox.notify(
            session=session,
            kind=outbox.SHIFT_CHANGED,
            recipient_id=signup.volunteer_id,
            ref=f"{shift.id}:v{shift.version}",
            shift_id=shift.id,
            now=now,
            payload=payload,
        )
    return [s.volunteer_id for s in signups]


def cancel_shift(
    *, session: Session, actor_id: int, shift_id: int, reason: str | None, now: datetime
) -> EditResult:
    """Cancel a shift: pending reminders are skipped and every signed-up volunteer is told why."""
    shift = _editable(session, actor_id, shift_id, now)
    reason = " ".join(reason.split())[:200] if reason else None
    shift.status, shift.cancel_reason = ShiftStatus.CANCELLED, reason or None
    shift.version += 1
    session.add(shift)
    outbox.skip_pending(session=session, shift_id=shift_id)
    signups = active_signups(session=session, shift_id=shift_id)
    for signup in signups:
        outbox.notify(
            session=session,
            kind=outbox.SHIFT_CANCELLED,
            recipient_id=signup.volunteer_id,
            ref=str(shift_id),
            shift_id=shift_id,
            now=now,
        )
    session.flush()
    return EditResult(shift, (), tuple(s.volunteer_id for s in signups))
