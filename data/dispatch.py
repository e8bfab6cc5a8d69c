"""Claiming owed messages for sending, and recording how each send went.

A claim is one statement: a conditional ``UPDATE … RETURNING`` over the due rows, with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL so processes never wait for or share a row; on SQLite the
write transaction is ``BEGIN IMMEDIATE`` already, so two claimers are serialised. A claim that is
never finished (a crash) is due again once its lease has run out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlmodel import Session, col

from data import outbox, unreachable
from data.models import Outbox, OutboxState, Shift, ShiftStatus, Volunteer

# Give up on a message after this many attempts (flood waits and network failures included).
MAX_ATTEMPTS = 8
# Kinds that only make sense before their shift starts: never sent late.
BEFORE_START_KINDS = (outbox.REMINDER, outbox.CHECKIN)


def kind_prefix(kind: str) -> str:
    """``reminder:24h`` → ``reminder``: the family a kind belongs to."""
    return kind.split(":", 1)[0]


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(col(Outbox.state) == OutboxState.PENDING, col(Outbox.due_at) <= now),
        and_(col(Outbox.state) == OutboxState.CLAIMED, col(Outbox.claimed_until) < now),
    )


def claim_due(*, session: Session, now: datetime, lease: timedelta, limit: int) -> list[Outbox]:
    """Claim up to ``limit`` due rows (oldest first) for ``lease``; stale ones are skipped instead.

    Returns the rows to send, in due order.
    """
    pick = (
        select(col(Outbox.id))
        .where(_due(now))
        .order_by(col(Outbox.due_at), col(Outbox.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (
        update(Outbox)
        .where(col(Outbox.id).in_(pick.scalar_subquery()))
        .values(state=OutboxState.CLAIMED, claimed_until=now + lease, attempts=Outbox.attempts + 1)
        .returning(Outbox)
        .execution_options(synchronize_session=False)
    )
    claimed = list(session.scalars(stmt))
    stale = _stale_reasons(session, claimed, now)
    for reason, ids in _group(stale).items():
        session.execute(
            update(Outbox)
            .where(col(Outbox.id).in_(ids))
            .values(state=OutboxState.SKIPPED, claimed_until=None, last_error=reason)
        )
    fresh = [row for row in claimed if row.id not in stale]
    fresh.sort(key=lambda row: (row.due_at, row.id or 0))
    return fresh


def _group(reasons: dict[int, str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for item_id, reason in reasons.items():
        grouped.setdefault(reason, []).append(item_id)
    return grouped


def _stale_reasons(session: Session, rows: Sequence[Outbox], now: datetime) -> dict[int, str]:
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


@dataclass(frozen=True)
class Outcome:
    """How one claimed row ended: ``sent``, ``retry`` (at ``retry_at``), ``failed`` or ``gone``.

    ``claim`` is the row's ``claimed_until`` when it was claimed: a fencing token. Once a lease
    has run out the row may be claimed again (here or elsewhere); an outcome of the old claim
    must then not hand the row back or fail it under the new claimer.
    """

    item_id: int
    recipient_id: int
    result: str
    error: str | None = None
    retry_at: datetime | None = None
    claim: datetime | None = None


SENT, RETRY, FAILED, GONE, RELEASED, SKIPPED = (
    "sent",
    "retry",
    "failed",
    "gone",
    "released",
    "skipped",
)


def record(*, session: Session, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write the outcomes of sends in one transaction (a group commit)."""
    sent = [o.item_id for o in outcomes if o.result == SENT]
    if sent:
        session.execute(
            update(Outbox)
            .where(col(Outbox.id).in_(sent), col(Outbox.state) == OutboxState.CLAIMED)
            .values(state=OutboxState.SENT, sent_at=now, claimed_until=None, last_error=None)
        )
    for outcome in outcomes:
        if outcome.result == RETRY:
            _retry(session, outcome)
        elif outcome.result == RELEASED:
            _release(session, outcome)
        elif outcome.result == FAILED:
            _fail(session, outcome, outcome.error)
        elif outcome.result == SKIPPED:
            _fail(session, outcome, outcome.error, state=OutboxState.SKIPPED)
        elif outcome.result == GONE:
            _fail(session, outcome, outcome.error)
            unreachable.mark_unreachable(
                session=session, volunteer_id=outcome.recipient_id, now=now
            )


def _still_claimed(outcome: Outcome) -> ColumnElement[bool]:
    """Still under the claim ``outcome`` came from (a sent row is marked sent under any claim)."""
    mine = and_(col(Outbox.id) == outcome.item_id, col(Outbox.state) == OutboxState.CLAIMED)
    if outcome.claim is None:
        return mine
    return and_(mine, col(Outbox.claimed_until) == outcome.claim)


def _retry(session: Session, outcome: Outcome) -> None:
    """Back to pending at ``retry_at``; after too many attempts, failed for good."""
    row = session.get(Outbox, outcome.item_id)
    if row is None or row.state != OutboxState.CLAIMED:
        return
    if row.attempts >= MAX_ATTEMPTS:
        _fail(session, outcome, f"gave up after {row.attempts} attempts: {outcome.error}")
        return
    assert outcome.retry_at is not None
    session.execute(
        update(Outbox)
        .where(_still_claimed(outcome))
        .values(
            state=OutboxState.PENDING,
            due_at=outcome.retry_at,
            claimed_until=None,
            last_error=_clip(outcome.error),
        )
    )


def _release(session: Session, outcome: Outcome) -> None:
    """Back to pending, not counted as an attempt (claimed but never tried)."""
    session.execute(
        update(Outbox)
        .where(_still_claimed(outcome))
        .values(state=OutboxState.PENDING, claimed_until=None, attempts=Outbox.attempts - 1)
    )


def _fail(
    session: Session,
    outcome: Outcome,
    error: str | None,
    *,
    state: OutboxState = OutboxState.FAILED,
) -> None:
    session.execute(
        update(Outbox)
        .where(_still_claimed(outcome))
        .values(state=state, claimed_until=None, last_error=_clip(error))
    )


def _clip(error: str | None) -> str | None:
    return None if error is None else error[:300]
