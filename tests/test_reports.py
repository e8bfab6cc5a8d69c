"""Service-hours reports for a period: totals per volunteer and every closed record (服务时长统计)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from data.attendance import check_out
from data.clock import ManualClock
from data.corrections import Correction, correct_attendance
from data.db import Store
from data.errors import NotAllowed
from data.models import AttendanceStatus, Team
from data.reports import (
    Period,
    ServiceReport,
    hours_value,
    last_month,
    month_of,
    service_report,
    this_month,
    this_year,
    year_of,
)
from data.volunteers import set_phone
from tests.attendance_world import World, local, make_world

DECEMBER = month_of(date(2026, 12, 1))
ZONE = "Asia/Shanghai"


def _report(world: World, period: Period = DECEMBER, actor: int | None = None) -> ServiceReport:
    return world.store.call(
        service_report,
        actor_id=actor or world.coordinator_id,
        period=period,
        now=world.clock.now(),
        write=False,
    )


def _correct(world: World, who: int, reason: str, **fields: int | str) -> None:
    record = world.record(who)
    assert record is not None and record.id is not None
    world.store.call(
        correct_attendance,
        actor_id=world.coordinator_id,
        attendance_id=record.id,
        correction=Correction(**fields),  # type: ignore[arg-type]
        reason=reason,
        now=world.clock.now(),
    )


@pytest.fixture
def world(store: Store, clock: ManualClock) -> World:
    """3 Dec 09:00–11:00: the first volunteer arrives 09:20 and leaves 10:50, the second never comes."""
    made = make_world(store, clock, volunteers=2)
    made.at("09:20")
    made.check_in(0)
    made.at("10:50")
    made.check_out(0)
    made.at("11:30")
    made.close()
    return made


def test_each_volunteer_gets_counts_minutes_and_hours_with_one_decimal(world: World) -> None:
    report = _report(world)

    late, absent = world.volunteer_ids
    by_id = {row.volunteer.id: row for row in report.volunteers}
    assert set(by_id) == {late, absent}
    assert by_id[late].counts == {"present": 0, "late": 1, "absent": 0, "excused": 0}
    assert (by_id[late].minutes, by_id[late].hours) == (90, Decimal("1.5"))
    assert by_id[absent].counts["absent"] == 1
    assert (by_id[absent].minutes, by_id[absent].hours) == (0, Decimal("0.0"))
    assert (report.minutes, report.counts["late"], report.counts["absent"]) == (90, 1, 1)


def test_hours_round_half_up_like_the_volunteers_own_hours() -> None:
    assert [hours_value(m) for m in (3, 50, 100, 2, 0)] == [
        Decimal("0.1"),
        Decimal("0.8"),
        Decimal("1.7"),
        Decimal("0.0"),
        Decimal("0.0"),
    ]


def test_totals_are_rounded_from_exact_minutes_not_from_rounded_records(world: World) -> None:
    world.at("12:00")
    for start in ("2026-12-04", "2026-12-05"):
        shift_id = world.add_shift(local(start, "09:00"), hours=1)
        world.at("09:00", day=start)
        world.check_in(0, shift_id=shift_id)
        world.at("09:50", day=start)
        world.store.call(
            check_out, volunteer_id=world.volunteer_ids[0], shift_id=shift_id, now=world.clock.now()
        )
        world.at("10:30", day=start)
        world.close(shift_id)

    row = next(r for r in _report(world).volunteers if r.volunteer.id == world.volunteer_ids[0])

    # 90 + 50 + 50 minutes: 3.2 h (rounding each record first would give 1.5 + 0.8 + 0.8 = 3.1).
    assert (row.minutes, row.hours) == (190, Decimal("3.2"))


def test_every_record_lists_its_shift_volunteer_status_and_times(world: World) -> None:
    records = _report(world).records

    assert [(r.volunteer.id, r.attendance.status) for r in records] == [
        (world.volunteer_ids[0], AttendanceStatus.LATE),
        (world.volunteer_ids[1], AttendanceStatus.ABSENT),
    ]
    first = records[0]
    assert (first.day, first.shift.title, first.shift.location) == (
        date(2026, 12, 3),
        "文明交通劝导",
        "民主路口",
    )
    assert first.attendance.checked_in_at == local("2026-12-03", "09:20")
    assert first.attendance.checked_out_at == local("2026-12-03", "10:50")
    assert not first.corrected and first.history == ()


def test_a_corrected_record_keeps_every_correction_in_order_with_who_and_when(
    world: World,
) -> None:
    world.at("14:00")
    _correct(world, 1, "忘记签到，负责人现场确认", status=AttendanceStatus.PRESENT)
    world.at("15:00")
    _correct(world, 1, "提前离岗", minutes=60)

    report = _report(world)

    fixed = next(r for r in report.records if r.volunteer.id == world.volunteer_ids[1])
    # Status and minutes changed at once are one correction; then the minutes again.
    assert [(c.reason, c.by, c.at) for c in fixed.history] == [
        ("忘记签到，负责人现场确认", "王芳", local("2026-12-03", "14:00")),
        ("提前离岗", "王芳", local("2026-12-03", "15:00")),
    ]
    assert fixed.corrected and fixed.corrections == 2
    assert (fixed.attendance.status, fixed.attendance.credited_minutes) == ("present", 60)
    assert report.counts == {"present": 1, "late": 1, "absent": 0, "excused": 0}
    assert report.minutes == 150


def test_a_record_counts_in_the_month_of_its_shifts_local_start_date(world: World) -> None:
    world.at("12:00")
    new_years_eve = world.add_shift(local("2026-12-31", "23:00"), hours=0.5)
    # 07:00 on 1 January in Shanghai is still 31 December in UTC.
    new_year = world.add_shift(local("2027-01-01", "07:00"), hours=1)
    world.at("09:00", day="2027-01-01")
    world.close(new_years_eve)
    world.close(new_year)

    december = _report(world)
    january = _report(world, month_of(date(2027, 1, 1)))

    assert {r.shift.id for r in december.records} == {world.shift_id, new_years_eve}
    assert {r.shift.id for r in january.records} == {new_year}
    assert [r.volunteer.id for r in january.volunteers] == [world.volunteer_ids[0]]


def test_only_closed_records_count_and_unclosed_shifts_are_counted(world: World) -> None:
    world.at("12:00")
    later = world.add_shift(local("2026-12-10", "09:00"), sign=2)
    world.at("09:05", day="2026-12-10")
    world.check_in(0, shift_id=later)

    report = _report(world)

    assert {r.shift.id for r in report.records} == {world.shift_id}
    assert report.unclosed == 1
    assert report.minutes == 90


def test_a_shift_still_to_come_is_not_counted_as_unclosed(world: World) -> None:
    world.at("12:00")
    world.add_shift(local("2026-12-20", "09:00"), sign=2)

    assert _report(world).unclosed == 0
    world.at("09:30", day="2026-12-20")  # begun: now its attendance is open
    assert _report(world).unclosed == 1


def test_a_period_without_records_is_empty(world: World) -> None:
    report = _report(world, month_of(date(2026, 11, 1)))
    assert (report.volunteers, report.records, report.unclosed) == ([], [], 0)


def test_phone_and_team_appear_when_known(world: World) -> None:
    with world.store.session() as session:
        # No domain function makes teams yet (the invite flow will); a row stands in for it.
        team = Team(name="秦州区市场监管所", invite_code="qz01", created_at=world.clock.now())
        session.add(team)
        session.flush()
        person = set_phone(
            session=session, volunteer_id=world.volunteer_ids[0], phone="+8613800000000"
        )
        person.team_id = team.id
        session.add(person)

    rows = {r.volunteer.id: r for r in _report(world).volunteers}

    first, second = (rows[v] for v in world.volunteer_ids)
    assert (first.volunteer.phone, first.team) == ("+8613800000000", "秦州区市场监管所")
    assert (second.volunteer.phone, second.team) == (None, None)
    # Volunteers without a team come first, then by team.
    assert [r.volunteer.id for r in _report(world).volunteers] == world.volunteer_ids[::-1]


def test_a_volunteer_cannot_read_the_report(world: World) -> None:
    with pytest.raises(NotAllowed):
        _report(world, actor=world.volunteer_ids[0])


def test_this_month_last_month_and_this_year_are_read_in_the_local_zone() -> None:
    # 17:30 UTC on 31 December is already 01:30 on 1 January in Shanghai.
    now = datetime.fromisoformat("2026-12-31T17:30:00+00:00")

    assert this_month(now, ZONE) == Period(date(2027, 1, 1), date(2027, 1, 31))
    assert last_month(now, ZONE) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert this_year(now, ZONE) == Period(date(2027, 1, 1), date(2027, 12, 31))
    assert this_month(now, "Europe/London") == DECEMBER


def test_periods_are_labelled_for_file_names() -> None:
    assert DECEMBER.label == "2026-12"
    assert month_of(date(2028, 2, 10)) == Period(date(2028, 2, 1), date(2028, 2, 29))
    assert year_of(date(2026, 5, 5)).label == "2026"
    assert Period(date(2026, 12, 1), date(2026, 12, 15)).label == "2026-12-01_2026-12-15"
