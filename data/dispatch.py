"""Claiming owed messages for sending, renewing the claims, and recording how each send went.

A claim is one statement: a conditional ``UPDATE … RETURNING`` over the due rows, with
``FOR UPDATE SKIP LOCKED`` on PostgreSQL so processes never wait for or share a row; on SQLite the
write transaction is ``BEGIN IMMEDIATE`` already, so two claimers are serialised. Leases are
short and renewed while the claimer still holds the rows, so a claim that is never finished (a
crash) is due again within one lease: soon enough for a reminder due minutes before its shift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlmodel import Session, col

from data import unreachable
from data.models import Outbox, OutboxState

# Re-exported: the notifier picks its renderers by a row's kind family.
from data.outbox import kind_prefix as kind_prefix
from data.stale import stale_reasons

# Give up on a message after this many attempts (flood waits and network failures included).
MAX_ATTEMPTS = 8


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
    stale = stale_reasons(session, claimed, now)
    for reason, ids in _group(stale).items():
        session.execute(
            update(Outbox)
            .where(col(Outbox.id).in_(ids))
            .values(state=OutboxState.SKIPPED, claimed_until=None, last_error=reason)
        )
    fresh = [row for row in claimed if row.id not in stale]
    fresh.sort(key=lambda row: (row.due_at, row.id or 0))
    return fresh


def renew(
    *, session: Session, held: Sequence[tuple[int, datetime]], now: datetime, lease: timedelta
) -> tuple[set[int], datetime]:
    """Extend the claims still ours to ``now + lease``; returns their ids and the new lease end.

    ``held`` pairs each row id with its claim's lease end, the fencing token: a row claimed again
    elsewhere since (its lease ran out) or already finished is left alone and not returned.
    """
    until = now + lease
    by_claim: dict[datetime, list[int]] = {}
    for item_id, claim in held:
        by_claim.setdefault(claim, []).append(item_id)
    kept: set[int] = set()
    for claim, ids in by_claim.items():  # one statement per claim: a few, all renewed alike
        stmt = (
            update(Outbox)
            .where(
                col(Outbox.id).in_(ids),
                col(Outbox.state) == OutboxState.CLAIMED,
                col(Outbox.claimed_until) == claim,
            )
            .values(claimed_until=until)
            .returning(col(Outbox.id))
            .execution_options(synchronize_session=False)
        )
        kept.update(session.scalars(stmt))
    return kept, until


def _group(reasons: dict[int, str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for item_id, reason in reasons.items():
        grouped.setdefault(reason, []).append(item_id)
    return grouped


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
