"""Coordinators correct closed records; each change keeps who, when and why (时长修正)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from data.attendance import check_in
from data.attendance_close import close_shift_attendance
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
from data.models import Attendance, AttendanceStatus, Role
from tests.attendance_world import World, local, make_world
from tests.harness import TEXT_LIMIT, Harness
from tests.personas import COORDINATOR, LILEI


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


# Through the bot: a correction card and the minutes typed for it.


def closed_record(harness: Harness) -> Attendance:
    """李雷's closed record of a shift 王芳 posted for today (checked in, then closed by the job)."""
    shift_id = harness.given_shift(
        by=COORDINATOR,
        starts_in=timedelta(days=0.01),
        title="市场环境整治" * 30,
        location="中心农贸市场" * 30,
    )
    li = harness.given_signed_up(LILEI, shift_id)
    harness.clock.advance(timedelta(hours=0.5))
    harness.store.call(
        check_in,
        volunteer_id=li,
        shift_id=shift_id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    harness.clock.advance(timedelta(hours=3))
    harness.store.call(
        close_shift_attendance,
        shift_id=shift_id,
        now=harness.clock.now(),
        policy=harness.services.policy,
    )
    with harness.store.session(write=False) as session:
        record = session.exec(select(Attendance)).one()
    return record


async def test_a_record_corrected_many_times_opens_in_one_message_with_its_newest_change(
    harness: Harness,
) -> None:
    boss = harness.given_registered(COORDINATOR, role=Role.COORDINATOR).id
    record = closed_record(harness)
    statuses = [AttendanceStatus.ABSENT, AttendanceStatus.PRESENT]
    for n in range(24):
        harness.clock.advance(timedelta(minutes=5))
        harness.store.call(
            correct_attendance,
            actor_id=boss,
            attendance_id=record.id,
            correction=Correction(status=statuses[n % 2]),
            reason=f"第{n}次修正：" + "负责人现场核实后确认" * 19,
            now=harness.clock.now(),
        )
    wang = harness.person(COORDINATOR)
    await wang.send("/help")
    await wang.press_data(f"1:attfix:{record.id}")
    card = wang.last()
    assert not wang.apologised()
    assert len(card.text) <= TEXT_LIMIT
    assert "第23次修正" in card.text  # the newest change is the one shown


async def test_minutes_typed_in_superscript_digits_are_refused_politely(harness: Harness) -> None:
    harness.given_registered(COORDINATOR, role=Role.COORDINATOR)
    record = closed_record(harness)
    wang = harness.person(COORDINATOR)
    await wang.send("/help")
    await wang.press_data(f"1:attmin:{record.id}")
    answer = await wang.send("²")
    assert not wang.apologised()
    assert "分钟" in answer.text
