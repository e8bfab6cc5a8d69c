"""What the bot owes people: outbox rows written in the same transaction as their cause."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from data.config import format_duration
from data.models import Outbox, OutboxState, Shift
from data.policy import Policy

# Kinds of message. Reminders carry their offset: "reminder:24h".
REMINDER = "reminder"
CHECKIN = "checkin"
PROMOTED = "promoted"
SHIFT_CHANGED = "shift_changed"
SHIFT_CANCELLED = "shift_cancelled"


def kind_prefix(kind: str) -> str:
    """``reminder:24h`` → ``reminder``: the family a kind belongs to."""
    return kind.split(":", 1)[0]


def reminder_kind(offset: timedelta) -> str:
    return f"{REMINDER}:{format_duration(offset)}"


def owe(
    *,
    session: Session,
    kind: str,
    recipient_id: int,
    ref: str,
    due_at: datetime,
    now: datetime,
    shift_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Record a message owed; owing it again revives a skipped one but never duplicates it."""
    values = {
        "kind": kind,
        "recipient_id": recipient_id,
        "shift_id": shift_id,
        "ref": ref,
        "payload": json.dumps(payload or {}, ensure_ascii=False),
        "due_at": due_at,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Outbox).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "recipient_id", "ref"],
        set_={
            "state": OutboxState.PENDING,
            "due_at": due_at,
            "attempts": 0,
            "payload": stmt.excluded.payload,
        },
        # Only a skipped row comes back to life: a sent reminder is never owed twice.
        where=col(Outbox.state) == OutboxState.SKIPPED,
    )
    session.execute(stmt)


def notify(
    *,
    session: Session,
    kind: str,
    recipient_id: int,
    ref: str,
    now: datetime,
    shift_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Owe a message that is due at once (promotion, change and cancellation notices)."""
    owe(
        session=session,
        kind=kind,
        recipient_id=recipient_id,
        ref=ref,
        due_at=now,
        now=now,
        shift_id=shift_id,
        payload=payload,
    )


def plan_for_seat(
    *, session: Session, shift: Shift, volunteer_id: int, now: datetime, policy: Policy
) -> None:
    """Owe the reminders and the check-in prompt of a confirmed seat whose moment is still ahead."""
    assert shift.id is not None
    for kind, due_at in scheduled_messages(shift, policy):
        if due_at > now:
            owe(
                session=session,
                kind=kind,
                recipient_id=volunteer_id,
                ref=str(shift.id),
                due_at=due_at,
                now=now,
                shift_id=shift.id,
            )


def scheduled_messages(shift: Shift, policy: Policy) -> list[tuple[str, datetime]]:
    """Each timed message a confirmed volunteer of ``shift`` gets, with its due instant."""
    timed = [
        (reminder_kind(offset), shift.starts_at - offset) for offset in policy.reminder_offsets
    ]
    timed.append((CHECKIN, shift.starts_at - policy.checkin_opens))
    return timed


def skip_pending(
    *,
    session: Session,
    shift_id: int,
    recipient_ids: Iterable[int] | None = None,
    kinds: Iterable[str] | None = None,
) -> int:
    """Mark pending rows of a shift skipped (seat released, shift cancelled); returns how many."""
    stmt = (
        update(Outbox)
        .where(col(Outbox.shift_id) == shift_id)
        .where(col(Outbox.state) == OutboxState.PENDING)
        .values(state=OutboxState.SKIPPED)
    )
    if recipient_ids is not None:
        stmt = stmt.where(col(Outbox.recipient_id).in_(list(recipient_ids)))
    if kinds is not None:
        stmt = stmt.where(col(Outbox.kind).in_(list(kinds)))
    result = session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


def replan_shift(
    *, session: Session, shift: Shift, confirmed_ids: Iterable[int], now: datetime, policy: Policy
) -> None:
    """After a time edit, every confirmed volunteer's timed messages follow the new start.

    Pending rows are skipped and planned afresh, which revives them with the new due instant;
    one whose new moment has already passed stays skipped rather than being sent late.
    """
    assert shift.id is not None
    skip_pending(
        session=session, shift_id=shift.id, kinds=[k for k, _ in scheduled_messages(shift, policy)]
    )
    for volunteer_id in confirmed_ids:
        plan_for_seat(
            session=session, shift=shift, volunteer_id=volunteer_id, now=now, policy=policy
        )
