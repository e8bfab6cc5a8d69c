"""Set-up for domain tests, through the domain functions themselves (no raw inserts).

People come from ``tests.personas.registered``; this module posts what they work on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from data.models import Shift
from data.shifts import ShiftDraft, create_shift


def shift(
    session: Session,
    coordinator_id: int,
    now: datetime,
    *,
    starts_in: timedelta = timedelta(days=2),
    hours: int = 2,
    capacity: int = 5,
    title: str = "文明交通劝导",
    location: str = "民主路口",
) -> Shift:
    start = now + starts_in
    draft = ShiftDraft(
        title, location, start, start + timedelta(hours=hours), capacity, "Asia/Shanghai"
    )
    return create_shift(session=session, actor_id=coordinator_id, draft=draft, now=now)
