"""Service hours: only closed records count, by the shift's local date, hours with one decimal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data.clock import ManualClock
from data.corrections import Correction, correct_attendance
from data.db import Store
from data.hours import HoursSummary, format_hours, hours_of
from tests.attendance_world import World, local, make_world


def _hours(world: World) -> HoursSummary:
    return world.store.call(
        hours_of,
        volunteer_id=world.volunteer_ids[0],
        now=world.clock.now(),
        zone="Asia/Shanghai",
        write=False,
    )


def _serve(
    world: World, shift_id: int, arrive: str, day: str, close_at: str, close_day: str
) -> None:
    world.at(arrive, day=day)
    world.check_in(shift_id=shift_id)
    world.at(close_at, day=close_day)
    world.close(shift_id)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0.0"), (3, "0.1"), (50, "0.8"), (90, "1.5"), (119, "2.0"), (600, "10.0")],
)
def test_hours_are_shown_with_one_decimal(minutes: int, shown: str) -> None:
    assert format_hours(minutes) == shown


def test_totals_follow_local_month_and_year_boundaries(store: Store, clock: ManualClock) -> None:
    world = make_world(store, clock, volunteers=1)
    clock.set(local("2026-06-01", "08:00"))
    june = world.add_shift(local("2026-06-10", "09:00"), hours=3)
    new_year_eve = world.add_shift(local("2026-12-31", "21:00"), hours=1.5)
    # 00:30 on 1 Jan in Shanghai is still 31 Dec in UTC: it belongs to January.
    new_year = world.add_shift(local("2027-01-01", "00:30"), hours=1.5)
    _serve(world, june, "09:00", "2026-06-10", "12:30", "2026-06-10")
    _serve(world, world.shift_id, "09:00", "2026-12-03", "11:30", "2026-12-03")
    _serve(world, new_year_eve, "21:00", "2026-12-31", "23:00", "2026-12-31")

    world.at("23:59", day="2026-12-31")
    december = _hours(world)
    assert (december.month_minutes, december.year_minutes) == (120 + 90, 180 + 120 + 90)
    assert december.total_minutes == 180 + 120 + 90

    _serve(world, new_year, "00:30", "2027-01-01", "02:30", "2027-01-01")
    world.at("10:00", day="2027-01-02")
    january = _hours(world)
    assert (january.month_minutes, january.year_minutes) == (90, 90)
    assert january.total_minutes == 180 + 120 + 90 + 90


def test_recent_records_come_newest_first_with_their_status(
    store: Store, clock: ManualClock
) -> None:
    world = make_world(store, clock, volunteers=1)
    later = world.add_shift(local("2026-12-05", "14:00"))
    _serve(world, world.shift_id, "09:10", "2026-12-03", "11:30", "2026-12-03")
    world.at("16:30", day="2026-12-05")
    world.close(later)
    summary = _hours(world)
    assert [(r.day.isoformat(), r.status, r.minutes) for r in summary.recent] == [
        ("2026-12-05", "absent", 0),
        ("2026-12-03", "late", 110),
    ]


def test_open_records_do_not_count_until_closed(store: Store, clock: ManualClock) -> None:
    world = make_world(store, clock, volunteers=1)
    world.at("08:50")
    world.check_in()
    world.at("11:29")
    assert _hours(world).total_minutes == 0
    world.clock.advance(timedelta(minutes=1))
    world.close()
    assert _hours(world).total_minutes == 120


def test_a_correction_changes_the_hours(store: Store, clock: ManualClock) -> None:
    world = make_world(store, clock, volunteers=1)
    world.at("11:30")
    world.close()
    record = world.record()
    assert record is not None
    world.store.call(
        correct_attendance,
        actor_id=world.coordinator_id,
        attendance_id=record.id,
        correction=Correction(status="present", minutes=75),
        reason="补录：现场签到表",
        now=world.clock.now(),
    )
    assert _hours(world).month_minutes == 75
