"""Whether a place can be taken or given up now: the rules ``sign_up`` and ``cancel_signup``
enforce, asked by the screens too, so a button is offered exactly when pressing it would work
(the press is checked again in the transaction: the shift may change in between)."""

from __future__ import annotations

from datetime import datetime

from data.errors import DomainError, NotSignedUp, ShiftCancelled, ShiftStarted
from data.models import Shift, ShiftStatus, SignupStatus


def has_started(shift: Shift, now: datetime) -> bool:
    return shift.starts_at <= now


def booking_refusal(shift: Shift, now: datetime) -> DomainError | None:
    """Why signing up for ``shift`` at ``now`` is refused (cancelled, started), or None."""
    if shift.status == ShiftStatus.CANCELLED:
        return ShiftCancelled(shift=shift)
    if has_started(shift, now):
        return ShiftStarted(shift=shift)
    return None


def is_bookable(shift: Shift, now: datetime) -> bool:
    """Whether sign-up (or the waitlist) is open for ``shift`` at ``now``."""
    return booking_refusal(shift, now) is None


def cancel_refusal(shift: Shift, status: SignupStatus | None, now: datetime) -> DomainError | None:
    """Why giving up a place held with ``status`` (None: no place) is refused now, or None."""
    refusal = booking_refusal(shift, now)
    if refusal is None and status in (None, SignupStatus.CANCELLED):
        refusal = NotSignedUp(shift=shift)
    return refusal


def can_cancel(shift: Shift, status: SignupStatus | None, now: datetime) -> bool:
    """Whether a place held with ``status`` can be given up at ``now``."""
    return cancel_refusal(shift, status, now) is None
