"""The set-based closing computes statuses and minutes in SQL: on SQLite and PostgreSQL it gives
every record what the Python rule (:func:`credited_minutes`) gives, to the microsecond, edges
included (exactly at the start or the end, a microsecond either side, check-out before check-in)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import select

from data.attendance_close import credited_minutes
from data.clock import ManualClock
from data.db import Store
from data.models import Attendance, AttendanceStatus, Shift, Signup
from tests.attendance_world import make_world

SEATS = 40
US = timedelta(microseconds=1)


def instants(shift: Shift, rng: random.Random) -> list[tuple[datetime | None, datetime | None]]:
    """Check-in and check-out pairs: the edges first, then random ones to the microsecond."""
    start, end = shift.starts_at, shift.ends_at
    pairs: list[tuple[datetime | None, datetime | None]] = [
        (start, end),
        (start - US, end + US),
        (start + US, end - US),
        (start + US, None),
        (None, None),
        (start + timedelta(minutes=30), start + timedelta(minutes=29)),  # out before in
        (end, None),
        (start + timedelta(minutes=1, microseconds=-1), end),
    ]
    while len(pairs) < SEATS:
        checked_in = start + timedelta(microseconds=rng.randint(-3_600_000_000, 9_000_000_000))
        out = checked_in + timedelta(microseconds=rng.randint(-60_000_000, 9_000_000_000))
        pairs.append((checked_in, out if rng.random() < 0.7 else None))
    return pairs


def test_closing_in_sql_agrees_with_the_python_rule(store: Store, clock: ManualClock) -> None:
    world = make_world(store, clock, volunteers=SEATS, capacity=SEATS)
    shift = world.shift()
    expected: dict[int, tuple[str, int]] = {}
    with store.session() as session:
        signups = session.exec(select(Signup).where(Signup.shift_id == world.shift_id)).all()
        pairs = instants(shift, random.Random(5))
        for signup, (checked_in, out) in zip(signups, pairs, strict=True):
            assert signup.id is not None
            if (checked_in, out) != (None, None) or signup.id % 2:  # some with no record at all
                session.add(
                    Attendance(signup_id=signup.id, checked_in_at=checked_in, checked_out_at=out)
                )
            status = (
                AttendanceStatus.ABSENT
                if checked_in is None
                else AttendanceStatus.PRESENT
                if checked_in <= shift.starts_at
                else AttendanceStatus.LATE
            )
            expected[signup.id] = (status, credited_minutes(shift, checked_in, out))
    world.at("11:30")
    assert world.close()
    with store.session(write=False) as session:
        got = {
            r.signup_id: (r.status, r.credited_minutes) for r in session.exec(select(Attendance))
        }
    assert got == expected
