"""What an operator asks of the database: is it there, and how far behind is the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from data.models import Outbox, OutboxState


@dataclass(frozen=True)
class OutboxFigures:
    """Messages waiting (pending, or claimed by a process whose lease ran out), failed ones, and
    how long the oldest waiting one has been due (0 when none is due)."""

    pending: int
    failed: int
    oldest_due_seconds: float


def outbox_figures(*, session: Session, now: datetime) -> OutboxFigures:
    """One read of the outbox; also proves the database answers and has its schema."""
    waiting = or_(
        col(Outbox.state) == OutboxState.PENDING,
        (col(Outbox.state) == OutboxState.CLAIMED) & (col(Outbox.claimed_until) < now),
    )
    pending = session.exec(select(func.count()).select_from(Outbox).where(waiting)).one()
    failed = session.exec(
        select(func.count()).select_from(Outbox).where(Outbox.state == OutboxState.FAILED)
    ).one()
    oldest = session.exec(
        select(func.min(Outbox.due_at)).where(waiting, col(Outbox.due_at) <= now)
    ).one()
    lag = (now - oldest).total_seconds() if oldest is not None else 0.0
    return OutboxFigures(int(pending), int(failed), max(0.0, lag))
