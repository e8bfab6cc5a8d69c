"""Closing attendance: statuses, credited minutes, once only, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from data.attendance_close import ATTENDANCE_SUMMARY, attendance_summary, shifts_to_close
from data.clock import ManualClock
from data.db import Store
from data.models import AttendanceStatus
from data.shift_changes import cancel_shift
from tests.attendance_world import World, local, make_world


@pytest.fixture
def world(store: Store, clock: ManualClock) -> World:
    return make_world(store, clock, volunteers=4)


def _due(world: World) -> list[int]:
    return world.store.call(
        shifts_to_close, now=world.clock.now(), policy=world.policy, write=False
    )


def test_attendance_closes_thirty_minutes_after_the_end(world: World) -> None:
    world.at("11:29")
    assert _due(world) == []
    assert not world.close()
    world.at("11:30")
    assert _due(world) == [world.shift_id]
    assert world.close()
    assert world.shift().attendance_closed_at == local("2026-12-03", "11:30")


def test_on_time_late_and_missing_volunteers_become_present_late_and_absent(world: World) -> None:
    world.at("08:50")
    world.check_in(0)
    world.at("09:00")
    world.check_in(1)
    world.at("09:20")
    world.check_in(2)
    world.at("11:30")
    world.close()
    statuses = [(r.status, r.credited_minutes) for r in map(world.record, range(4)) if r]
    assert statuses == [
        (AttendanceStatus.PRESENT, 120),
        (AttendanceStatus.PRESENT, 120),
        (AttendanceStatus.LATE, 100),
        (AttendanceStatus.ABSENT, 0),
    ]


def test_arriving_early_credits_only_the_scheduled_time(world: World) -> None:
    world.at("08:30")
    world.check_in()
    world.at("10:00")
    world.check_out()
    world.at("11:30")
    world.close()
    record = world.record()
    assert record is not None
    assert (record.status, record.credited_minutes) == (AttendanceStatus.PRESENT, 60)


def test_a_forgotten_check_out_credits_to_the_scheduled_end(world: World) -> None:
    world.at("09:15")
    world.check_in()
    world.at("11:30")
    world.close()
    record = world.record()
    assert record is not None
    assert (record.status, record.credited_minutes) == (AttendanceStatus.LATE, 105)


def test_a_late_check_out_credits_only_to_the_scheduled_end(world: World) -> None:
    world.at("08:55")
    world.check_in()
    world.at("11:25")
    world.check_out()
    world.at("12:00")
    world.close()
    record = world.record()
    assert record is not None
    assert record.credited_minutes == 120


def test_leaving_before_the_start_credits_nothing(world: World) -> None:
    world.at("08:35")
    world.check_in()
    world.at("08:55")
    world.check_out()
    world.at("11:30")
    world.close()
    record = world.record()
    assert record is not None
    assert (record.status, record.credited_minutes) == (AttendanceStatus.PRESENT, 0)


def test_closing_twice_changes_nothing(world: World) -> None:
    world.at("08:50")
    world.check_in()
    world.at("11:30")
    assert world.close()
    before = world.record()
    world.at("12:30")
    assert not world.close()
    after = world.record()
    assert before is not None and after is not None
    assert (after.status, after.credited_minutes, after.closed_at) == (
        before.status,
        before.credited_minutes,
        before.closed_at,
    )
    assert len(world.outbox(ATTENDANCE_SUMMARY)) == 1


def test_racing_closers_close_once_and_owe_one_summary(world: World) -> None:
    world.at("08:50")
    world.check_in()
    world.at("11:45")
    with ThreadPoolExecutor(max_workers=6) as pool:
        wins = list(pool.map(lambda _: world.close(), range(6)))
    assert wins.count(True) == 1
    assert len(world.outbox(ATTENDANCE_SUMMARY)) == 1
    summary = world.store.call(attendance_summary, shift_id=world.shift_id, write=False)
    assert len(summary.lines) == 4


def test_the_coordinator_is_owed_one_summary_for_the_shift(world: World) -> None:
    world.at("11:30")
    world.close()
    [row] = world.outbox(ATTENDANCE_SUMMARY)
    assert (row.recipient_id, row.ref, row.shift_id) == (
        world.coordinator_id,
        str(world.shift_id),
        world.shift_id,
    )
    assert row.due_at == local("2026-12-03", "11:30")


def test_a_shift_nobody_took_closes_without_a_summary(world: World) -> None:
    world.at("08:00", day="2026-12-02")
    empty = world.add_shift(local("2026-12-03", "14:00"), sign=0)
    world.at("16:30")
    assert world.close(empty)
    assert world.outbox(ATTENDANCE_SUMMARY) == []
    assert empty not in _due(world)


def test_a_cancelled_shift_is_never_closed(world: World) -> None:
    world.store.call(
        cancel_shift,
        actor_id=world.coordinator_id,
        shift_id=world.shift_id,
        reason="大雪",
        now=world.clock.now(),
    )
    world.at("12:00")
    assert _due(world) == []
    assert not world.close()


def test_a_shift_with_no_poster_sends_its_summary_to_the_admins(world: World) -> None:
    from data.models import Role, Shift
    from tests.personas import ADMIN, registered

    with world.store.session() as session:
        admin = registered(session=session, persona=ADMIN, now=world.clock.now(), role=Role.ADMIN)
        shift = session.get(Shift, world.shift_id)
        assert shift is not None
        shift.created_by = None  # no recorded poster
        session.add(shift)
    world.at("11:30")
    world.close()
    assert [row.recipient_id for row in world.outbox(ATTENDANCE_SUMMARY)] == [admin.id]
