"""Set-up for the regular-shift domain tests: a posted series, reading rows back (people come
from ``tests.personas.registered``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from data.clock import ManualClock
from data.db import Store
from data.models import Outbox, Series, Shift, Signup, SignupStatus
from data.policy import Policy
from data.recurrence import parse_repeat
from data.series import SeriesCreated, create_series
from data.shifts import ShiftDraft

POLICY = Policy()


def draft(
    start: str, hours: float = 2, *, tz: str = "Asia/Shanghai", capacity: int = 3
) -> ShiftDraft:
    """A draft from local wall time ``"2026-12-04 08:00"`` in ``tz``."""
    local = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(tz))
    return ShiftDraft(
        title="文明交通劝导",
        location="民主路口",
        starts_at=local,
        ends_at=local + timedelta(hours=hours),
        capacity=capacity,
        tz=tz,
    )


def post(
    store: Store,
    clock: ManualClock,
    actor_id: int,
    repeat: str = "weekly",
    start: str = "2026-12-04 08:00",
    **kwargs: Any,
) -> SeriesCreated:
    """Post a series the way /newshift does: parse the repeat words, then create."""
    shift_draft = draft(start, **kwargs)
    rule = parse_repeat(
        repeat, start=shift_draft.starts_at.astimezone(ZoneInfo(shift_draft.tz)).date()
    )
    return store.call(
        create_series,
        actor_id=actor_id,
        draft=shift_draft,
        rule=rule,
        now=clock.now(),
        policy=POLICY,
    )


def occurrences(store: Store, series_id: int) -> list[Shift]:
    """Every occurrence row of a series (any status), in start order."""
    with store.session(write=False) as session:
        query = select(Shift).where(Shift.series_id == series_id).order_by(col(Shift.starts_at))
        return list(session.exec(query))


def local_starts(shifts: list[Shift], tz: str = "Asia/Shanghai") -> list[str]:
    return [s.starts_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") for s in shifts]


def series_row(store: Store, series_id: int) -> Series:
    with store.session(write=False) as session:
        series = session.get(Series, series_id)
        assert series is not None
        return series


def places(store: Store, shift_id: int) -> dict[int, str]:
    """volunteer id -> signup status for one shift (cancelled ones included)."""
    with store.session(write=False) as session:
        return {
            s.volunteer_id: s.status
            for s in session.exec(select(Signup).where(Signup.shift_id == shift_id))
        }


def confirmed_on(store: Store, shift_id: int) -> list[int]:
    return [v for v, s in places(store, shift_id).items() if s == SignupStatus.CONFIRMED]


def owed(store: Store, kind: str, recipient_id: int | None = None) -> list[Outbox]:
    """Outbox rows of ``kind`` (optionally for one recipient), oldest first."""
    with store.session(write=False) as session:
        query = select(Outbox).where(Outbox.kind == kind)
        if recipient_id is not None:
            query = query.where(Outbox.recipient_id == recipient_id)
        return list(session.exec(query.order_by(col(Outbox.id))))


def fill(store: Store, clock: ManualClock, shift_id: int, volunteer_ids: list[int]) -> None:
    """Direct sign-ups, as from /shifts."""
    from data.signups import sign_up

    for volunteer_id in volunteer_ids:
        store.call(
            sign_up, volunteer_id=volunteer_id, shift_id=shift_id, now=clock.now(), policy=POLICY
        )


def day(text: str) -> date:
    return date.fromisoformat(text)
