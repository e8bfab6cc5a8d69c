"""Set-up for domain tests, through the domain functions themselves (no raw inserts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from data.models import Role, Shift, Volunteer
from data.shifts import ShiftDraft, create_shift
from data.volunteers import finish_registration, touch_volunteer


def volunteer(
    session: Session, telegram_id: int, now: datetime, *, role: Role = Role.VOLUNTEER
) -> Volunteer:
    person = touch_volunteer(
        session=session,
        telegram_id=telegram_id,
        chat_id=telegram_id,
        username=f"user{telegram_id}",
        full_name=f"志愿者{telegram_id}",
        now=now,
    )
    assert person.id is not None
    finish_registration(session=session, volunteer_id=person.id)
    person.role = role
    session.add(person)
    session.flush()
    return person


def shift(
    session: Session,
    coordinator_id: int,
    now: datetime,
    *,
    starts_in: timedelta = timedelta(days=2),
    hours: int = 2,
    capacity: int = 5,
    title: str = "文明交通劝导",
) -> Shift:
    start = now + starts_in
    draft = ShiftDraft(
        title, "民主路口", start, start + timedelta(hours=hours), capacity, "Asia/Shanghai"
    )
    return create_shift(session=session, actor_id=coordinator_id, draft=draft, now=now)
