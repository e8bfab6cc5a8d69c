"""Seed a large bureau on the real (Alembic-migrated) schema with bulk inserts, for bench/scale.py.

A year of shifts (Asia/Shanghai), ``NOW`` in June: the shifts that ended before it have closed
attendance (present 80 %, late 10 %, absent 7 %, excused 3 %; one record in a hundred corrected),
the last ``UNCLOSED`` of them are still open for closing, the future ones owe two reminders per
seat. A few volunteers (``SPARE``) have no sign-up, for the sign-up benchmark. SQLite takes
``executemany`` on its own connection, PostgreSQL ``COPY``; ids are given, so no round trip.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from data.outbox import reminder_kind

ZONE = "Asia/Shanghai"
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)
YEAR_START = datetime(2026, 1, 1, tzinfo=ZoneInfo(ZONE))
GRACE = timedelta(minutes=30)
UNCLOSED = 20
SPARE = 0.02  # share of volunteers without any sign-up
TITLES = ("文明交通劝导", "农贸市场食品安全宣传", "街道环境清洁", "消费维权咨询台")
PLACES = ("民主路口", "东关农贸市场", "人民公园南门", "市民服务中心一楼")
HOURS = (8, 9, 10, 14, 15)
OFFSETS = (timedelta(hours=24), timedelta(hours=2))
STATUSES = (("present", 80), ("late", 10), ("absent", 7), ("excused", 3))
ADMIN_ID = 1


@dataclass(frozen=True)
class Scale:
    volunteers: int
    shifts: int
    signups: int


@dataclass(frozen=True)
class Seeded:
    """What the benchmarks need to know about the data."""

    scale: Scale
    unclosed: list[int]
    future: list[int]
    spare: list[int]
    signed: list[int]
    rows: dict[str, int]


Rows = Iterable[Sequence[Any]]


def seed(engine: Engine, scale: Scale) -> Seeded:
    rand = random.Random(11)
    write = _sqlite_writer(engine) if engine.dialect.name == "sqlite" else _copy_writer(engine)
    counts: dict[str, int] = {}

    def put(table: str, columns: str, rows: Rows) -> None:
        counts[table] = write(table, columns, rows)

    put("team", "id,name,invite_code,created_at", _teams())
    put(
        "volunteer",
        "id,telegram_id,chat_id,username,display_name,phone,language,role,team_id,reachable,"
        "reminders_on,registered,start_code,created_at",
        _volunteers(scale.volunteers),
    )
    starts = [_start(n, scale.shifts) for n in range(scale.shifts)]
    ended = [n for n, s in enumerate(starts) if s + timedelta(hours=2) + GRACE <= NOW]
    unclosed = set(ended[-UNCLOSED:])
    put(
        "shift",
        "id,title,location,radius_m,starts_at,ends_at,tz,capacity,status,team_id,created_by,"
        "version,attendance_closed_at,created_at",
        _shifts(starts, scale, unclosed),
    )
    spare_from = max(2, int(scale.volunteers * (1 - SPARE)))
    seats = _seats(rand, scale, spare_from)
    put(
        "signup",
        "id,shift_id,volunteer_id,status,waitlist_seq,origin,created_at,updated_at",
        _signups(seats, starts),
    )
    ended_set = set(ended)
    put(
        "attendance",
        "id,signup_id,checked_in_at,checked_out_at,status,credited_minutes,closed_at",
        _attendance(rand, seats, starts, ended_set, unclosed),
    )
    put(
        "attendancechange",
        "attendance_id,changed_by,changed_at,field,old_value,new_value,reason",
        _changes(rand, seats, starts, ended_set, unclosed),
    )
    put(
        "outbox",
        "kind,recipient_id,shift_id,ref,payload,due_at,state,attempts,created_at",
        _outbox(seats, starts),
    )
    _finish(engine)
    future = [n + 1 for n, s in enumerate(starts) if s > NOW]
    signed = sorted({v for _, v in seats[: min(len(seats), 5_000)]})
    return Seeded(
        scale,
        [n + 1 for n in sorted(unclosed)],
        future,
        list(range(spare_from, scale.volunteers + 1)),
        signed,
        counts,
    )


def _start(n: int, count: int) -> datetime:
    """The n-th shift of the year: evenly spread days, at one of the usual hours, local time."""
    day = YEAR_START + timedelta(days=n * 365 // count)
    return day.replace(hour=HOURS[n % len(HOURS)]).astimezone(UTC)


def _teams() -> Rows:
    return [(n, f"第{n}志愿服务队", f"team{n:03d}", NOW) for n in range(1, 21)]


def _volunteers(count: int) -> Iterator[Sequence[Any]]:
    yield (ADMIN_ID, 1, 1, "admin", "王芳", None, "zh", "admin", None, True, True, True, None, NOW)
    for n in range(2, count + 1):
        name = f"志愿者{n}" if n % 3 else f"Volunteer {n}"
        username = f"v{n}" if n % 2 else None
        phone = f"+86138{n:08d}" if n % 3 == 0 else None
        team = n % 21 or None
        person = (n, 10**6 + n, 10**6 + n, username, name, phone, "zh", "volunteer", team)
        yield (*person, True, True, True, None, NOW)


def _shifts(starts: list[datetime], scale: Scale, unclosed: set[int]) -> Iterator[Sequence[Any]]:
    per_shift = max(1, scale.signups // scale.shifts)
    capacity = per_shift + per_shift // 10  # a few seats left for the sign-up benchmark
    for n, start in enumerate(starts):
        end = start + timedelta(hours=2)
        closed = end + GRACE if end + GRACE <= NOW and n not in unclosed else None
        title, place = TITLES[n % len(TITLES)], PLACES[n % len(PLACES)]
        where = (n + 1, title, place, 300, start, end, ZONE, capacity, "open", None)
        yield (*where, ADMIN_ID, 1, closed, NOW)


def _seats(rand: random.Random, scale: Scale, spare_from: int) -> list[tuple[int, int]]:
    """(shift number, volunteer id) pairs, distinct per shift."""
    per_shift = max(1, scale.signups // scale.shifts)
    pool = range(2, spare_from)
    return [
        (n, v) for n in range(scale.shifts) for v in rand.sample(pool, min(per_shift, len(pool)))
    ]


def _signups(seats: list[tuple[int, int]], starts: list[datetime]) -> Iterator[Sequence[Any]]:
    for seat, (n, volunteer) in enumerate(seats, start=1):
        made = starts[n] - timedelta(days=7)
        yield (seat, n + 1, volunteer, "confirmed", None, "direct", made, made)


def _attendance(
    rand: random.Random,
    seats: list[tuple[int, int]],
    starts: list[datetime],
    ended: set[int],
    unclosed: set[int],
) -> Iterator[Sequence[Any]]:
    weights = [w for _, w in STATUSES]
    names = [s for s, _ in STATUSES]
    for seat, (n, _v) in enumerate(seats, start=1):
        if n not in ended:
            continue
        start = starts[n]
        if n in unclosed:  # open for closing: half checked in, the others without a record yet
            if seat % 2:
                yield (seat, seat, start + timedelta(minutes=seat % 9), None, "pending", 0, None)
            continue
        status = rand.choices(names, weights)[0]
        late = timedelta(minutes=rand.randint(6, 40)) if status == "late" else timedelta()
        came = status in ("present", "late")
        checked_in = start - timedelta(minutes=5) + late if came else None
        checked_out = start + timedelta(hours=2) if came else None
        minutes = 120 - int(late.total_seconds() // 60) if came else 0
        yield (
            seat,
            seat,
            checked_in,
            checked_out,
            status,
            minutes,
            start + timedelta(hours=2) + GRACE,
        )


def _changes(
    rand: random.Random,
    seats: list[tuple[int, int]],
    starts: list[datetime],
    ended: set[int],
    unclosed: set[int],
) -> Iterator[Sequence[Any]]:
    for seat, (n, _v) in enumerate(seats, start=1):
        if n in ended and n not in unclosed and rand.random() < 0.01:
            when = starts[n] + timedelta(days=1)
            yield (seat, ADMIN_ID, when, "status", "absent", "present", "忘记签到，负责人现场确认")


def _outbox(seats: list[tuple[int, int]], starts: list[datetime]) -> Iterator[Sequence[Any]]:
    for n, volunteer in seats:
        if starts[n] <= NOW:
            continue
        for offset in OFFSETS:
            due = starts[n] - offset
            yield (
                reminder_kind(offset),
                volunteer,
                n + 1,
                str(n + 1),
                "{}",
                due,
                "pending",
                0,
                NOW,
            )


Writer = Callable[[str, str, Rows], int]


@contextmanager
def _raw(engine: Engine) -> Iterator[Any]:
    """A driver cursor in one transaction, committed at the end."""
    raw = engine.raw_connection()
    try:
        yield raw.cursor()
        raw.commit()
    finally:
        raw.close()


def _sqlite_writer(engine: Engine) -> Writer:
    def value(v: Any) -> Any:
        if isinstance(v, datetime):  # naive UTC text, as data.types.UTCDateTime stores it
            return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return int(v) if isinstance(v, bool) else v

    def write(table: str, columns: str, rows: Rows) -> int:
        marks = ",".join("?" * len(columns.split(",")))
        with _raw(engine) as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            values = (tuple(value(v) for v in row) for row in rows)
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
            return int(cursor.rowcount)

    return write


def _copy_writer(engine: Engine) -> Writer:
    def write(table: str, columns: str, rows: Rows) -> int:
        done = 0
        with _raw(engine) as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                done += 1
        return done

    return write


def _finish(engine: Engine) -> None:
    """Statistics for the planner; on PostgreSQL the id sequences past the given ids."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for table in (
                "team",
                "volunteer",
                "shift",
                "signup",
                "attendance",
                "attendancechange",
                "outbox",
            ):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
                )
        connection.execute(text("ANALYZE"))
