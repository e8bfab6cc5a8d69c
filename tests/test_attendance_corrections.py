"""Coordinators correct closed records; each change keeps who, when and why (时长修正)."""

from __future__ import annotations

import pytest

from data.clock import ManualClock
from data.corrections import (
    AttendanceOpen,
    Correction,
    RecordView,
    attendance_record,
    correct_attendance,
)
from data.db import Store
from data.errors import InvalidInput, NotAllowed
from data.models import AttendanceStatus
from tests.attendance_world import World, local, make_world


@pytest.fixture
def world(store: Store, clock: ManualClock) -> World:
    made = make_world(store, clock, volunteers=2)
    made.at("09:20")
    made.check_in(0)
    made.at("11:30")
    made.close()
    return made


def _id(world: World, who: int) -> int:
    record = world.record(who)
    assert record is not None and record.id is not None
    return record.id


def _correct(
    world: World, who: int, reason: str = "现场核实", actor: int | None = None, **fields: int | str
) -> RecordView:
    return world.store.call(
        correct_attendance,
        actor_id=actor or world.coordinator_id,
        attendance_id=_id(world, who),
        correction=Correction(**fields),  # type: ignore[arg-type]
        reason=reason,
        now=world.clock.now(),
    )


def test_marking_an_absent_volunteer_present_credits_the_shift_and_logs_who_when_why(
    world: World,
) -> None:
    world.at("14:05")
    view = _correct(world, 1, reason="忘记签到，负责人现场确认", status=AttendanceStatus.PRESENT)
    assert (view.attendance.status, view.attendance.credited_minutes) == ("present", 120)
    logged = [
        (c.change.field, c.change.old_value, c.change.new_value, c.change.reason)
        for c in view.changes
    ]
    assert logged == [
        ("status", "absent", "present", "忘记签到，负责人现场确认"),
        ("credited_minutes", "0", "120", "忘记签到，负责人现场确认"),
    ]
    assert {c.change.changed_by for c in view.changes} == {world.coordinator_id}
    assert {c.change.changed_at for c in view.changes} == {local("2026-12-03", "14:05")}


def test_minutes_can_be_corrected_within_the_shift_length(world: World) -> None:
    view = _correct(world, 0, minutes=90)
    assert view.attendance.credited_minutes == 90
    assert view.attendance.status == AttendanceStatus.LATE
    with pytest.raises(InvalidInput) as refused:
        _correct(world, 0, minutes=121)
    assert refused.value.params == {"field": "minutes", "reason": "range", "low": 0, "high": 120}
    with pytest.raises(InvalidInput):
        _correct(world, 0, minutes=-1)


def test_excusing_a_volunteer_credits_nothing(world: World) -> None:
    view = _correct(world, 0, status=AttendanceStatus.EXCUSED)
    assert (view.attendance.status, view.attendance.credited_minutes) == ("excused", 0)
    with pytest.raises(InvalidInput):
        _correct(world, 0, minutes=30)


def test_a_reason_is_required(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        _correct(world, 1, reason="   ", status=AttendanceStatus.PRESENT)
    assert refused.value.params["field"] == "reason"
    record = world.record(1)
    assert record is not None and record.status == AttendanceStatus.ABSENT


def test_a_correction_that_changes_nothing_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput):
        _correct(world, 1, status=AttendanceStatus.ABSENT)


def test_a_volunteer_cannot_correct_records(world: World) -> None:
    with pytest.raises(NotAllowed):
        _correct(world, 1, actor=world.volunteer_ids[0], status=AttendanceStatus.PRESENT)
    with pytest.raises(NotAllowed):
        world.store.call(
            attendance_record, actor_id=world.volunteer_ids[0], attendance_id=_id(world, 0)
        )


def test_late_cannot_be_chosen_by_hand(world: World) -> None:
    with pytest.raises(InvalidInput):
        _correct(world, 1, status=AttendanceStatus.LATE)


def test_an_open_record_cannot_be_corrected(store: Store, clock: ManualClock) -> None:
    made = make_world(store, clock, volunteers=1)
    made.at("09:00")
    made.check_in()
    with pytest.raises(AttendanceOpen):
        _correct(made, 0, minutes=60)


def test_every_correction_stays_in_the_history(world: World) -> None:
    _correct(world, 0, reason="提前离岗", minutes=60)
    world.at("15:00")
    view = _correct(world, 0, reason="复核后恢复", status=AttendanceStatus.PRESENT)
    history = [(c.change.field, c.change.new_value, c.change.reason) for c in view.changes]
    assert history == [("credited_minutes", "60", "提前离岗"), ("status", "present", "复核后恢复")]
    assert view.changes[0].by is not None and view.changes[0].by.id == world.coordinator_id
