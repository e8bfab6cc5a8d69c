"""Check-in and check-out at the domain level, on SQLite and PostgreSQL (shift: 3 Dec 09:00–11:00)."""

from __future__ import annotations

import pytest

from data.attendance import (
    AttendanceClosed,
    CheckinClosed,
    CheckinNotOpen,
    NoCheckinOpen,
    NotCheckedIn,
    distance_m,
)
from data.attendance_pick import pick_checkin_shift, pick_checkout_shift, pick_location_shift
from data.clock import ManualClock
from data.db import Store
from data.errors import NotSignedUp
from tests.attendance_world import CROSSING, World, local, make_world, metres_north
from tests.personas import crowd, registered


@pytest.fixture
def world(store: Store, clock: ManualClock) -> World:
    return make_world(store, clock, volunteers=3)


@pytest.fixture
def located(store: Store, clock: ManualClock) -> World:
    return make_world(store, clock, coordinates=CROSSING)


def test_check_in_too_early_is_refused_with_when_it_opens(world: World) -> None:
    world.at("08:29")
    with pytest.raises(CheckinNotOpen) as refused:
        world.check_in()
    assert refused.value.params["opens_at"] == local("2026-12-03", "08:30")
    assert world.record() is None


def test_check_in_opens_thirty_minutes_before_the_start_and_records_the_time(world: World) -> None:
    opened = world.at("08:30")
    result = world.check_in()
    assert result.attendance.checked_in_at == opened
    assert not result.already


def test_check_in_stays_open_until_the_end_and_not_after(world: World) -> None:
    world.at("10:59")
    assert world.check_in(0).attendance.checked_in_at == local("2026-12-03", "10:59")
    world.at("11:00")
    with pytest.raises(CheckinClosed):
        world.check_in(1)


def test_checking_in_again_keeps_the_first_time(world: World) -> None:
    first = world.at("08:45")
    world.check_in()
    world.at("09:10")
    again = world.check_in()
    assert again.already
    assert again.attendance.checked_in_at == first


def test_someone_not_on_the_shift_cannot_check_in(world: World) -> None:
    outsider = make_world_outsider(world)
    world.at("08:45")
    with pytest.raises(NotSignedUp):
        world.check_in(outsider)


def make_world_outsider(world: World) -> int:
    """A registered volunteer with no seat on the shift; returns their index in the world."""
    [stranger] = crowd(1, first_id=2999)
    person = world.store.call(registered, persona=stranger, now=world.clock.now())
    assert person.id is not None
    world.volunteer_ids.append(person.id)
    return len(world.volunteer_ids) - 1


def test_a_location_within_the_radius_is_verified(located: World) -> None:
    located.at("08:50")
    near = metres_north(CROSSING, 120)
    result = located.check_in(latitude=near[0], longitude=near[1])
    assert result.attendance.location_verified is True
    assert result.located and not result.wants_location


def test_a_far_location_is_recorded_unverified_not_refused(located: World) -> None:
    at = located.at("08:50")
    far = metres_north(CROSSING, 2_000)
    result = located.check_in(latitude=far[0], longitude=far[1])
    assert result.attendance.checked_in_at == at
    assert result.attendance.location_verified is False
    assert result.attendance.checkin_latitude == pytest.approx(far[0])


def test_a_check_in_without_a_location_is_unverified_unknown(located: World) -> None:
    located.at("08:50")
    result = located.check_in()
    assert result.attendance.location_verified is None
    assert result.wants_location


def test_a_location_shared_right_after_a_button_check_in_verifies_it(located: World) -> None:
    pressed = located.at("08:50")
    located.check_in()
    located.at("08:53")
    near = metres_north(CROSSING, 50)
    result = located.check_in(latitude=near[0], longitude=near[1])
    assert result.attendance.checked_in_at == pressed
    assert result.attendance.location_verified is True


def test_a_location_shared_long_after_the_check_in_does_not_vouch_for_it(located: World) -> None:
    located.at("08:35")
    located.check_in()
    located.at("08:50")
    near = metres_north(CROSSING, 50)
    result = located.check_in(latitude=near[0], longitude=near[1])
    assert not result.located
    assert result.attendance.location_verified is None


def test_the_first_location_stands(located: World) -> None:
    located.at("08:50")
    far, near = metres_north(CROSSING, 1_000), metres_north(CROSSING, 10)
    located.check_in(latitude=far[0], longitude=far[1])
    located.at("08:51")
    result = located.check_in(latitude=near[0], longitude=near[1])
    assert not result.located
    assert result.attendance.location_verified is False


def test_a_location_on_a_shift_without_coordinates_is_kept_but_unknown(world: World) -> None:
    world.at("08:50")
    result = world.check_in(latitude=CROSSING[0], longitude=CROSSING[1])
    assert result.attendance.checkin_latitude == pytest.approx(CROSSING[0])
    assert result.attendance.location_verified is None
    assert not result.wants_location


def test_distance_is_measured_in_metres() -> None:
    north = metres_north(CROSSING, 300)
    assert distance_m(*CROSSING, *north) == pytest.approx(300, abs=1)


def test_checkin_command_picks_the_shift_whose_window_is_open(world: World) -> None:
    later = world.add_shift(local("2026-12-03", "14:00"))
    world.at("13:40")
    picked = world.store.call(
        pick_checkin_shift,
        volunteer_id=world.volunteer_ids[0],
        now=world.clock.now(),
        policy=world.policy,
    )
    assert picked.id == later


def test_checkin_command_prefers_the_shift_not_yet_checked_in(world: World) -> None:
    world.at("08:00", day="2026-12-02")
    next_one = world.add_shift(local("2026-12-03", "11:00"))
    world.at("10:40")
    world.check_in()
    picked = world.store.call(
        pick_checkin_shift,
        volunteer_id=world.volunteer_ids[0],
        now=world.clock.now(),
        policy=world.policy,
    )
    assert picked.id == next_one


def test_checkin_command_names_the_next_shift_when_none_is_open(world: World) -> None:
    world.at("08:00")
    with pytest.raises(NoCheckinOpen) as refused:
        world.store.call(
            pick_checkin_shift,
            volunteer_id=world.volunteer_ids[0],
            now=world.clock.now(),
            policy=world.policy,
        )
    assert refused.value.params["next_shift"].id == world.shift_id
    assert refused.value.params["opens_at"] == local("2026-12-03", "08:30")


def test_checkin_command_with_no_shift_ahead_says_so(world: World) -> None:
    world.at("11:00")
    with pytest.raises(NoCheckinOpen) as refused:
        world.store.call(
            pick_checkin_shift,
            volunteer_id=world.volunteer_ids[0],
            now=world.clock.now(),
            policy=world.policy,
        )
    assert refused.value.params["next_shift"] is None


def test_a_shared_location_goes_to_the_check_in_just_made(located: World) -> None:
    located.at("08:40")
    located.check_in()
    picked = located.store.call(
        pick_location_shift,
        volunteer_id=located.volunteer_ids[0],
        now=located.clock.now(),
        policy=located.policy,
    )
    assert picked.id == located.shift_id


def test_check_out_records_the_time(world: World) -> None:
    world.at("08:50")
    world.check_in()
    left = world.at("10:30")
    result = world.check_out()
    assert result.attendance.checked_out_at == left
    world.at("10:40")
    assert world.check_out().already
    assert world.check_out().attendance.checked_out_at == left


def test_check_out_without_check_in_is_refused(world: World) -> None:
    world.at("09:30")
    with pytest.raises(NotCheckedIn):
        world.check_out()


def test_check_out_after_the_end_is_possible_until_closing(world: World) -> None:
    world.at("08:50")
    world.check_in()
    world.at("11:10")
    assert world.check_out().attendance.checked_out_at == local("2026-12-03", "11:10")
    world.at("11:30")
    world.close()
    with pytest.raises(AttendanceClosed):
        world.check_out(0)


def test_checkout_command_picks_the_shift_checked_in(world: World) -> None:
    world.at("08:50")
    world.check_in()
    world.at("11:20")
    picked = world.store.call(pick_checkout_shift, volunteer_id=world.volunteer_ids[0])
    assert picked.id == world.shift_id
    with pytest.raises(NotCheckedIn):
        world.store.call(pick_checkout_shift, volunteer_id=world.volunteer_ids[1])
