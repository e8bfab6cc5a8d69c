"""Benchmark: closing one shift's attendance, 400 seats (prints figures; not a test).

Seeds, on the real schema by bulk inserts, shifts of 400 confirmed seats each, with the same mix
of records on every shift: on time, late, early, checked out or not, and 20 % with no record at
all. Each shift is then closed, alternately by the set-based closing of now
(``data.attendance_close``) and by the one-record-at-a-time closing of before
(``bench/closing_baseline.py``, the baseline), and for each the SQL statements executed (a
``before_cursor_execute`` listener) and the time of the whole transaction are printed, p50 over
``--runs`` shifts. Both must leave every record alike: checked, and said so.

Run from the repository root: ``.venv/bin/python -m bench.closing [--runs N]``; SQLite always,
PostgreSQL when it answers at ``SHIFTBOT_TEST_POSTGRES`` (as in the tests).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import col, select

from bench.closing_baseline import close_one_by_one
from bench.databases import databases
from data.attendance_close import close_shift_attendance
from data.db import Store, make_engine
from data.models import Attendance, AttendanceStatus, Role, Shift, Signup, SignupStatus, Volunteer
from data.policy import Policy

SEATS = 400
START = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
HOURS = 2


def records(rng: random.Random) -> list[dict[str, Any] | None]:
    """Per seat: its record's check-in and check-out, or None for a seat with no record."""
    found: list[dict[str, Any] | None] = []
    for _ in range(SEATS):
        roll = rng.random()
        if roll < 0.2:
            found.append(None)
            continue
        checked_in = None if roll < 0.3 else START + timedelta(seconds=rng.randint(-1800, 3600))
        checked_out = None
        if checked_in is not None and rng.random() < 0.7:
            checked_out = checked_in + timedelta(seconds=rng.randint(0, 3 * 3600), microseconds=7)
        found.append({"checked_in_at": checked_in, "checked_out_at": checked_out})
    return found


def seed(store: Store, shifts: int) -> list[int]:
    """``shifts`` past shifts with the same 400 volunteers confirmed on each; returns their ids."""
    now = START - timedelta(days=1)
    mix = records(random.Random(11))
    with store.session() as session:
        people = [
            {"telegram_id": 10_000 + n, "chat_id": 10_000 + n, "display_name": f"志愿者{n}"}
            for n in range(SEATS + 1)
        ]
        for person in people:
            person.update(registered=True, created_at=now, role=Role.VOLUNTEER)
        people[0]["role"] = Role.COORDINATOR
        session.execute(insert(Volunteer), people)
        ids = list(session.scalars(select(col(Volunteer.id)).order_by(col(Volunteer.id))))
        head, seats = ids[0], ids[1:]
        shift_ids = []
        for _ in range(shifts):
            shift = Shift(
                title="文明交通劝导",
                location="民主路口",
                starts_at=START,
                ends_at=START + timedelta(hours=HOURS),
                tz="Asia/Shanghai",
                capacity=SEATS,
                created_by=head,
                created_at=now,
            )
            session.add(shift)
            session.flush()
            assert shift.id is not None
            shift_ids.append(shift.id)
            rows = [
                {"shift_id": shift.id, "volunteer_id": v, "status": SignupStatus.CONFIRMED}
                for v in seats
            ]
            for row in rows:
                row.update(created_at=now, updated_at=now)
            session.execute(insert(Signup), rows)
            signups = session.scalars(
                select(col(Signup.id)).where(Signup.shift_id == shift.id).order_by(col(Signup.id))
            )
            found = [
                {"signup_id": s, "status": AttendanceStatus.PENDING, **record}
                for s, record in zip(signups, mix, strict=True)
                if record is not None
            ]
            session.execute(insert(Attendance), found)
    return shift_ids


def results(store: Store, shift_id: int) -> list[tuple[int, str, int, datetime | None]]:
    """Each seat's verdict, by volunteer: what both closings must agree on."""
    with store.session(write=False) as session:
        rows = session.execute(
            select(Signup.volunteer_id, Attendance.status, Attendance.credited_minutes)
            .add_columns(col(Attendance.closed_at))
            .join(Attendance, col(Attendance.signup_id) == col(Signup.id))
            .where(Signup.shift_id == shift_id)
            .order_by(col(Signup.volunteer_id))
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


Close = Callable[..., bool]


def measure(url: str, runs: int) -> dict[str, tuple[float, float]]:
    """p50 (statements, milliseconds) of each closing, after checking they agree."""
    engine = make_engine(url)
    store = Store(engine)
    shift_ids = seed(store, 2 * runs)
    counted = [0]

    def count(*_: object) -> None:
        counted[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    closings: dict[str, Close] = {"now": close_shift_attendance, "baseline": close_one_by_one}
    figures: dict[str, list[tuple[int, float]]] = {name: [] for name in closings}
    now = START + timedelta(hours=HOURS, minutes=31)
    for n, shift_id in enumerate(shift_ids):
        name = list(closings)[n % 2]
        counted[0] = 0
        began = time.perf_counter()
        assert store.call(closings[name], shift_id=shift_id, now=now, policy=Policy())
        figures[name].append((counted[0], (time.perf_counter() - began) * 1000))
    event.remove(engine, "before_cursor_execute", count)
    verdicts = {tuple(results(store, shift_id)) for shift_id in shift_ids}
    engine.dispose()
    assert len(verdicts) == 1, "the two closings disagree"
    mix = Counter(status for _, status, _, _ in next(iter(verdicts)))
    print("verdicts on each shift:", ", ".join(f"{n} {s}" for s, n in sorted(mix.items())))
    return {
        name: (statistics.median(c for c, _ in runs_), statistics.median(t for _, t in runs_))
        for name, runs_ in figures.items()
    }


def main(runs: int) -> None:
    print(f"closing one shift of {SEATS} seats (20 % without a record), p50 over {runs} shifts")
    with tempfile.TemporaryDirectory() as name, databases(Path(name)) as kinds:
        for kind, urls in kinds.items():
            figures = measure(next(urls), runs)
            (now_n, now_ms), (old_n, old_ms) = figures["now"], figures["baseline"]
            print(
                f"{kind}: set-based {now_n:.0f} statements, {now_ms:.1f} ms (goal ≤ 50 ms); "
                f"baseline one by one {old_n:.0f} statements, {old_ms:.1f} ms; "
                f"{old_ms / now_ms:.0f}× faster; same verdicts for every seat",
                flush=True,
            )


def cli() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="shifts closed by each (default 5)")
    main(parser.parse_args().runs)


if __name__ == "__main__":
    cli()
