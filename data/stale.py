"""When an owed message must no longer be sent: the staleness rules a claim applies.

A message is stale when its recipient is unreachable, when it is a reminder and the recipient
turned reminders off, when its shift was cancelled (the cancellation notice excepted), when it is
a reminder or check-in prompt and its shift has started, or when it is a reminder overtaken by a
newer reminder of the same seat. Nothing else makes a message stale: a claim whose lease ran out
(a crash, a slow queue) is sent when claimed again, however late, if none of these holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from data import outbox
from data.models import Outbox, OutboxState, Shift, ShiftStatus, Volunteer
from data.outbox import kind_prefix

# Kinds that only make sense before their shift starts: never sent late.
BEFORE_START_KINDS = (outbox.REMINDER, outbox.CHECKIN)


def stale_reasons(session: Session, rows: Sequence[Outbox], now: datetime) -> dict[int, str]:
    """Why each row that should no longer be sent is stale, by row id."""
    shift_ids = list({r.shift_id for r in rows if r.shift_id is not None})
    people_ids = list({r.recipient_id for r in rows})
    shifts = {s.id: s for s in session.scalars(select(Shift).where(col(Shift.id).in_(shift_ids)))}
    people = {
        v.id: v for v in session.scalars(select(Volunteer).where(col(Volunteer.id).in_(people_ids)))
    }
    reasons: dict[int, str] = {}
    for row in rows:
        assert row.id is not None
        reason = stale_reason(
            row, shifts.get(row.shift_id or -1), people.get(row.recipient_id), now
        )
        if reason is not None:
            reasons[row.id] = reason
    live = [row for row in rows if row.id not in reasons]
    for item_id in _superseded(session, live, now):
        reasons[item_id] = "superseded by a later reminder"
    return reasons


def _superseded(session: Session, rows: Sequence[Outbox], now: datetime) -> set[int]:
    """Reminders overtaken by a later one for the same seat that is due too.

    After downtime (or a sign-up between the two moments, later moved) the 24 h and the 2 h
    reminder can both be due at once; the volunteer gets the newer one only, not two alike.
    """
    reminders = [r for r in rows if kind_prefix(r.kind) == outbox.REMINDER and r.shift_id]
    if not reminders:
        return set()
    later = select(col(Outbox.shift_id), col(Outbox.recipient_id), col(Outbox.due_at)).where(
        col(Outbox.shift_id).in_({r.shift_id for r in reminders}),
        col(Outbox.kind).startswith(outbox.REMINDER + ":"),
        col(Outbox.state).in_([OutboxState.PENDING, OutboxState.CLAIMED, OutboxState.SENT]),
        col(Outbox.due_at) <= now,
    )
    newest: dict[tuple[int | None, int], datetime] = {}
    for shift_id, recipient_id, due_at in session.execute(later):
        key = (shift_id, recipient_id)
        newest[key] = max(due_at, newest.get(key, due_at))
    return {
        r.id
        for r in reminders
        if r.id is not None and newest.get((r.shift_id, r.recipient_id), r.due_at) > r.due_at
    }


def stale_reason(
    row: Outbox, shift: Shift | None, recipient: Volunteer | None, now: datetime
) -> str | None:
    """Why ``row`` must not be sent any more, or None when it still should be."""
    family = kind_prefix(row.kind)
    if recipient is None or not recipient.reachable:
        return "recipient unreachable"
    if family == outbox.REMINDER and not recipient.reminders_on:
        return "reminders off"
    cancelled = shift is not None and shift.status == ShiftStatus.CANCELLED
    if cancelled and row.kind != outbox.SHIFT_CANCELLED:
        return "shift cancelled"
    if shift is not None and family in BEFORE_START_KINDS and shift.starts_at <= now:
        return "shift started"
    return None
