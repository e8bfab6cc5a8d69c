"""The coordinators' morning digest: once a day, only understaffed shifts of the next 72 hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.scheduling import make_dispatcher
from data.clock import ManualClock
from data.db import Store
from data.digest import DIGEST, queue_digests, understaffed_shifts
from data.models import Outbox, Role
from data.shift_changes import cancel_shift
from data.signups import sign_up
from scheduler import attendance_jobs
from scheduler.deps import JobDeps
from tests.attendance_world import World, local, make_world
from tests.harness import TEXT_LIMIT, Harness
from tests.personas import ADMIN, COORDINATOR, crowd, registered


@pytest.fixture
def world(store: Store, clock: ManualClock) -> World:
    # The 3 Dec shift: 5 seats, 2 taken, so 3 are missing (缺员 3 人).
    return make_world(store, clock, volunteers=2, capacity=5)


def _queue(world: World) -> int:
    return world.store.call(
        queue_digests, now=world.clock.now(), zone="Asia/Shanghai", digest_time="07:30"
    )


def _digests(world: World) -> list[Outbox]:
    with world.store.session(write=False) as session:
        return list(
            session.exec(select(Outbox).where(Outbox.kind == DIGEST).order_by(col(Outbox.id)))
        )


def _listed(world: World, viewer_id: int) -> list[tuple[int | None, int]]:
    found = world.store.call(
        understaffed_shifts, now=world.clock.now(), viewer_id=viewer_id, write=False
    )
    return [(u.shift.id, u.missing) for u in found]


def test_nothing_is_owed_before_the_digest_time(world: World) -> None:
    world.at("07:29", day="2026-12-02")
    assert _queue(world) == 0
    assert _digests(world) == []


def test_the_digest_is_owed_once_per_day(world: World) -> None:
    world.at("07:30", day="2026-12-02")
    _queue(world)
    world.at("07:35", day="2026-12-02")
    _queue(world)
    [row] = _digests(world)
    assert (row.recipient_id, row.ref) == (world.coordinator_id, "2026-12-02")
    world.at("07:30", day="2026-12-03")
    _queue(world)
    assert [r.ref for r in _digests(world)] == ["2026-12-02", "2026-12-03"]


def test_a_process_started_late_still_owes_todays_digest(world: World) -> None:
    world.at("15:00", day="2026-12-02")
    _queue(world)
    assert [r.ref for r in _digests(world)] == ["2026-12-02"]


def test_only_understaffed_shifts_within_72_hours_are_listed(world: World) -> None:
    world.at("07:30", day="2026-12-01")
    full = world.add_shift(local("2026-12-02", "14:00"), capacity=2, sign=2)
    too_far = world.add_shift(local("2026-12-04", "08:00"), sign=0)
    cancelled = world.add_shift(local("2026-12-02", "09:00"), sign=0)
    world.store.call(
        cancel_shift,
        actor_id=world.coordinator_id,
        shift_id=cancelled,
        reason=None,
        now=world.clock.now(),
    )
    listed = _listed(world, world.coordinator_id)
    assert listed == [(world.shift_id, 3)]
    assert full not in dict(listed) and too_far not in dict(listed)


def test_a_shift_that_already_started_is_not_listed(world: World) -> None:
    world.at("09:00")
    assert _listed(world, world.coordinator_id) == []


def test_no_digest_when_nothing_is_understaffed(world: World) -> None:
    now = world.at("07:00", day="2026-12-01")
    extra = [world.store.call(registered, persona=p, now=now) for p in crowd(3, first_id=3000)]
    for person in extra:
        world.store.call(
            sign_up, volunteer_id=person.id, shift_id=world.shift_id, now=now, policy=world.policy
        )
    world.at("07:30", day="2026-12-01")
    assert _queue(world) == 0
    assert _digests(world) == []


def test_a_coordinator_sees_their_own_shifts_and_an_admin_sees_all(world: World) -> None:
    now = world.at("07:30", day="2026-12-02")
    [other_coordinator] = crowd(1, first_id=1002)
    with world.store.session() as session:
        other = registered(
            session=session, persona=other_coordinator, now=now, role=Role.COORDINATOR
        )
        admin = registered(session=session, persona=ADMIN, now=now, role=Role.ADMIN)
    assert other.id is not None and admin.id is not None
    assert _listed(world, other.id) == []
    assert _listed(world, admin.id) == [(world.shift_id, 3)]
    _queue(world)
    assert {r.recipient_id for r in _digests(world)} == {world.coordinator_id, admin.id}


async def send_digests(harness: Harness) -> None:
    """The next morning's digests, queued by the scheduler's job and sent."""
    services = harness.services
    deps = JobDeps(
        services.store,
        services.clock,
        services.policy,
        services.settings,
        make_dispatcher(harness.app, paced=False),
    )
    harness.clock.advance(timedelta(hours=23))  # past the digest time the next morning
    await attendance_jobs.queue_digests(deps)
    await harness.dispatch()


async def test_the_digest_fits_one_message_when_titles_are_long(harness: Harness) -> None:
    for n in range(30):
        harness.given_shift(
            by=COORDINATOR,
            starts_in=timedelta(days=1 + n / 20),
            title=f"第{n}号 " + "消费维权咨询" * 30,
            location="秦州区" * 60,
        )
    await send_digests(harness)
    digests = [t for t in harness.person(COORDINATOR).texts() if "缺员" in t]
    assert len(digests) == 1
    assert len(digests[0]) <= TEXT_LIMIT
